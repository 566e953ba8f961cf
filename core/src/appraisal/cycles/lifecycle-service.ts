import {
  type CycleContent,
  checkCycle,
  FORM_SOURCES,
  type FormContent,
  GRADES,
  type Grade,
  type Message,
} from '@rapport/schemas';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor } from '../../events/service.js';
import { Errors } from '../../infra/errors.js';
import { insertUnique, TenantCollection } from '../../infra/tenant.js';
import { subtreeOf } from '../../managers/org-units.js';
import { actorOf, type UserDoc } from '../../users/service.js';
import type { AppraisalsService } from './appraisals-service.js';
import { appraisalWorkflow, evaluationForm } from './generate.js';
import { type CycleDoc, type CyclesDeps, cycleOf, problemsError, setsOf } from './model.js';

export interface LaunchReport {
  appraisals: number;
  created: number;
  /** Managers of the population left out, with why. */
  skipped: { managerId: string; name: string; reason: Message }[];
}

/** The cycles themselves: their plan (a draft), its checks, the launch and the publication of results. */
export class CycleLifecycleService {
  constructor(
    private readonly cycles: Collection<CycleDoc>,
    private readonly deps: CyclesDeps,
    private readonly appraisals: AppraisalsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.cycles.createIndex({ institutionId: 1, code: 1 }, { unique: true });
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.cycles, institutionId);
  }

  list(institutionId: ObjectId): Promise<CycleDoc[]> {
    return this.tenant(institutionId).find({}, { sort: { createdAt: -1 } });
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<CycleDoc> {
    return cycleOf(this.cycles, institutionId, id);
  }

  /** Every problem of a cycle: its own, and the sets and committee members it names. */
  async check(institutionId: ObjectId, content: CycleContent) {
    const problems = checkCycle(content);
    const add = (path: string, en: string, zh: string) => problems.push({ path, message: { en, zh } });
    const sets = new Set((await this.deps.indicators.listSets(institutionId)).map((s) => s.code));
    for (const grade of GRADES) {
      const code = content.indicatorSets[grade];
      if (code && !sets.has(code))
        add(`/indicatorSets/${grade}`, `no indicator set "${code}"`, `没有指标体系 "${code}"`);
    }
    const users = await this.deps.users.list(institutionId);
    content.committee.forEach((id, i) => {
      const member = users.find((u) => u._id.toHexString() === id);
      if (!member || member.disabled)
        add(`/committee/${i}`, 'not an active member of this institution', '不是本机构的在职成员');
    });
    return problems;
  }

  async create(institutionId: ObjectId, content: CycleContent, actor: Actor): Promise<CycleDoc> {
    const problems = await this.check(institutionId, content);
    if (problems.length > 0) throw problemsError(problems);
    const now = new Date();
    const doc: CycleDoc = {
      _id: new ObjectId(),
      institutionId,
      ...content,
      status: 'draft',
      workflows: {},
      launchedAt: null,
      publishedAt: null,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.cycles, doc, () => new Errors.CYCLES_CODE_TAKEN());
    await this.record(institutionId, actor, 'cycle.created', doc._id, doc.code);
    return doc;
  }

  /** Changes a draft (a launched cycle's plan is what its appraisals were made with). */
  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    content: Omit<CycleContent, 'code'>,
    actor: Actor,
  ): Promise<CycleDoc> {
    const current = await this.get(institutionId, id);
    if (current.status !== 'draft') throw new Errors.CYCLES_NOT_DRAFT();
    const problems = await this.check(institutionId, { ...content, code: current.code });
    if (problems.length > 0) throw problemsError(problems);
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, content);
    await this.record(institutionId, actor, 'cycle.updated', id, current.code);
    return updated;
  }

  /** A new draft from this cycle's plan, for the next period (the yearly revision). */
  async clone(
    institutionId: ObjectId,
    id: ObjectId,
    next: Pick<CycleContent, 'code' | 'name' | 'period'>,
    actor: Actor,
  ): Promise<CycleDoc> {
    const from = await this.get(institutionId, id);
    const {
      _id,
      institutionId: _i,
      status: _s,
      workflows: _w,
      launchedAt: _l,
      publishedAt: _p,
      rev: _r,
      createdAt: _c,
      updatedAt: _u,
      ...content
    } = from;
    return this.create(institutionId, { ...content, ...next }, actor);
  }

  /** Takes out cycles by id, drafts only (what a plugin installed; a launched cycle is the institution's data). */
  async removeDrafts(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    await this.cycles.deleteMany({ institutionId, _id: { $in: ids }, status: 'draft' });
  }

  /** Creates and publishes `content` unless a form with its key exists already (a launch resumed). */
  private async ensureForm(institutionId: ObjectId, content: FormContent, actor: Actor): Promise<void> {
    const existing = (await this.deps.forms.list(institutionId, {})).find((f) => f.key === content.key);
    const form = existing ?? (await this.deps.forms.create(institutionId, content, actor));
    if (form.latestVersion === null) await this.deps.forms.publish(institutionId, form._id, form.rev, actor);
  }

  /**
   * Launches a cycle: generates and publishes, per grade, the evaluation forms and the appraisal
   * workflow, then creates one appraisal per manager of the population and starts its workflow.
   * Safe to run again after a failure: what exists is kept, what is missing is made.
   */
  async launch(institutionId: ObjectId, id: ObjectId, rev: number, user: UserDoc): Promise<LaunchReport> {
    const actor = actorOf(user);
    let cycle = await this.get(institutionId, id);
    if (cycle.rev !== rev) throw new Errors.CONFLICT();
    if (cycle.status !== 'draft') throw new Errors.CYCLES_NOT_DRAFT();
    const problems = await this.check(institutionId, cycle);
    if (problems.length > 0) throw problemsError(problems);
    const { library, byGrade } = await setsOf(this.deps.indicators, institutionId, cycle);

    const workflows: Partial<Record<Grade, string>> = { ...cycle.workflows };
    for (const [grade, set] of byGrade) {
      for (const source of FORM_SOURCES)
        await this.ensureForm(institutionId, evaluationForm(cycle, grade, set, library, source), actor);
      if (!workflows[grade]) {
        const content = appraisalWorkflow(cycle, grade);
        const existing = (await this.deps.workflows.list(institutionId)).find((w) => w.key === content.key);
        const workflow = existing ?? (await this.deps.workflows.create(institutionId, content, actor));
        if (workflow.latestVersion === null)
          await this.deps.workflows.publish(institutionId, workflow._id, workflow.rev, actor);
        workflows[grade] = workflow._id.toHexString();
      }
    }
    cycle = await this.tenant(institutionId).updateGuarded(id, rev, { workflows });

    const units = cycle.population.orgUnitIds.length > 0 ? await this.deps.orgUnits.list(institutionId) : [];
    const inUnits = new Set(
      cycle.population.orgUnitIds.flatMap((u) => [...subtreeOf(units, new ObjectId(u))]),
    );
    const report: LaunchReport = { appraisals: 0, created: 0, skipped: [] };
    for (const { profile, user: person } of await this.deps.managers.active(institutionId)) {
      if (cycle.population.grades.length > 0 && !cycle.population.grades.includes(profile.grade)) continue;
      if (inUnits.size > 0 && !inUnits.has(person.orgUnitId?.toHexString() ?? '')) continue;
      const set = byGrade.get(profile.grade);
      const workflowId = workflows[profile.grade];
      if (!set || !workflowId) {
        report.skipped.push({
          managerId: person._id.toHexString(),
          name: person.name,
          reason: {
            en: `no indicator set for grade ${profile.grade}`,
            zh: `等级 ${profile.grade} 没有指标体系`,
          },
        });
        continue;
      }
      const created = await this.appraisals.launchFor(
        institutionId,
        id,
        { person, grade: profile.grade, setCode: set.code, workflowId },
        actor,
      );
      if (created) report.created++;
      report.appraisals++;
    }
    await this.tenant(institutionId).updateGuarded(id, cycle.rev, {
      status: 'launched',
      launchedAt: new Date(),
    });
    await this.record(
      institutionId,
      actor,
      'cycle.launched',
      id,
      `${cycle.code}: ${report.appraisals} appraisals`,
    );
    return report;
  }

  /**
   * Publishes a cycle's results (see `AppraisalsService.publishResults`), then marks the cycle
   * published.
   */
  async publish(institutionId: ObjectId, id: ObjectId, rev: number, user: UserDoc) {
    const cycle = await this.get(institutionId, id);
    if (cycle.rev !== rev) throw new Errors.CONFLICT();
    if (cycle.status !== 'launched') throw new Errors.CYCLES_NOT_LAUNCHED();
    const results = await this.appraisals.publishResults(cycle, user);
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, {
      status: 'published',
      publishedAt: results.at,
    });
    await this.record(
      institutionId,
      actorOf(user),
      'cycle.published',
      id,
      `${cycle.code}: ${results.count} results`,
    );
    return updated;
  }

  private record(institutionId: ObjectId, actor: Actor, action: string, id: ObjectId, summary: string) {
    return this.deps.events.note(institutionId, actor, action, 'appraisal_cycles', id, summary);
  }
}
