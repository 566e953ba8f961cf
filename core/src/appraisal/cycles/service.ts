import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type AppraisalStep,
  type CycleContent,
  type CycleStatus,
  checkCycle,
  type EvaluationSource,
  FORM_SOURCES,
  type FormContent,
  GRADES,
  type Grade,
  type IndicatorLibrary,
  type IndicatorSetContent,
  type ManagerScore,
  type Message,
  type ResultLevel,
  type SchemaNode,
} from '@rapport/schemas';
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import { type Collection, MongoServerError, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../../events/service.js';
import type { FormsService } from '../../forms/service.js';
import { Errors, validationError } from '../../infra/errors.js';
import { seededSample } from '../../infra/seeded-random.js';
import { insertUnique, TenantCollection } from '../../infra/tenant.js';
import { describeValidation } from '../../infra/validation.js';
import { type OrgUnitsService, subtreeOf } from '../../managers/org-units.js';
import type { ManagersService } from '../../managers/service.js';
import type { SubmissionsService } from '../../submissions/service.js';
import { actorOf, type UserDoc, type UsersService } from '../../users/service.js';
import type { InstanceDoc, WorkflowsService } from '../../workflows/service.js';
import { actualsOf } from '../actuals.js';
import type { IndicatorsService } from '../indicators/service.js';
import { planScoring, resultLevels, scoreManager } from '../scoring.js';
import { appraisalWorkflow, evaluationForm } from './generate.js';

declare module 'fastify' {
  interface FastifyInstance {
    cycles: CyclesService;
  }
}

export interface CycleDoc extends CycleContent {
  _id: ObjectId;
  institutionId: ObjectId;
  status: CycleStatus;
  /** Per grade: the generated workflow's id, once launched. */
  workflows: Partial<Record<Grade, string>>;
  launchedAt: Date | null;
  publishedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A change of score by the committee: always with a written reason, never erased. */
export interface Calibration {
  at: Date;
  by: Actor;
  from: number | null;
  to: number;
  reason: string;
}

/** Which customers were asked, and how the draw can be checked. */
export interface CustomerSample {
  drawnAt: Date;
  /** Hex seed of the draw; with the population it reproduces the picks. */
  seed: string;
  /** SHA-256 of the population's ids in canonical order. */
  populationHash: string;
  populationSize: number;
  picked: string[];
}

/** One manager's appraisal in a cycle. */
export interface AppraisalDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  cycleId: ObjectId;
  managerId: ObjectId;
  grade: Grade;
  setCode: string;
  instanceId: ObjectId | null;
  sample: CustomerSample | null;
  calibrations: Calibration[];
  /** Frozen when results are published: the score as computed then. */
  score: ManagerScore | null;
  /** The published total: the last calibration's, else the computed one. */
  finalTotal: number | null;
  level: ResultLevel | null;
  feedback: string;
  publishedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A one-time link a sampled customer answers through, without signing in. */
export interface EvaluationLinkDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  cycleId: ObjectId;
  appraisalId: ObjectId;
  customerId: string;
  customerName: string;
  expiresAt: Date;
  answeredAt: Date | null;
  answers: Record<string, unknown> | null;
}

/** A customer of a manager, as the sample sees it. */
export interface SampleCustomer {
  id: string;
  name: string;
}

/**
 * Where the appraisal reads business facts. Capabilities provide them: the customers (the sample's
 * population and `customers`), the audits (`audits`); each provider's data is merged into what
 * quantitative indicators' expressions read. Without providers there is nothing to sample and no data.
 */
export interface BusinessData {
  /** The customers a manager's sample is drawn from (one provider gives them). */
  customersOf?(institutionId: ObjectId, managerId: ObjectId): Promise<SampleCustomer[]>;
  /** This provider's part of the data for one manager and period, under its own keys. */
  dataOf(institutionId: ObjectId, managerId: ObjectId, period: { from: Date; to: Date }): Promise<object>;
}

export interface LaunchReport {
  appraisals: number;
  created: number;
  /** Managers of the population left out, with why. */
  skipped: { managerId: string; name: string; reason: Message }[];
}

/** An appraisal with what the viewer may see of it, score included. */
export interface AppraisalDetail {
  appraisal: AppraisalDoc;
  manager: UserDoc;
  state: string | null;
  score: ManagerScore | null;
  /** Customers asked and answered. */
  customerAnswers: { asked: number; answered: number };
}

const DAY_MS = 86_400_000;
const COMMITTEE_ROLES = ['institution_admin', 'platform_admin'];

const dayStart = (date: string) => new Date(`${date}T00:00:00Z`);

function problemsError(problems: { path: string; message: Message }[]) {
  return validationError(problems.map((p) => ({ in: 'body', ...p })));
}

export class CyclesService {
  private readonly business: BusinessData[] = [];

  constructor(
    private readonly cycles: Collection<CycleDoc>,
    private readonly appraisals: Collection<AppraisalDoc>,
    private readonly links: Collection<EvaluationLinkDoc>,
    private readonly deps: {
      indicators: IndicatorsService;
      forms: FormsService;
      submissions: SubmissionsService;
      workflows: WorkflowsService;
      managers: ManagersService;
      orgUnits: OrgUnitsService;
      users: UsersService;
      events: EventsService;
      secret: string;
      log: FastifyBaseLogger;
    },
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.cycles.createIndex({ institutionId: 1, code: 1 }, { unique: true });
    // One appraisal per manager and cycle: a launch run twice creates nothing more.
    await this.appraisals.createIndex({ institutionId: 1, cycleId: 1, managerId: 1 }, { unique: true });
    await this.links.createIndex({ appraisalId: 1, customerId: 1 }, { unique: true });
  }

  /** Connects a capability's business data (customers, audits …). */
  provideBusinessData(provider: BusinessData): void {
    this.business.push(provider);
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.cycles, institutionId);
  }

  private appraisals$(institutionId: ObjectId) {
    return new TenantCollection(this.appraisals, institutionId);
  }

  /** A manager's published appraisals (every manager's, without one), the latest period first. */
  async publishedOf(
    institutionId: ObjectId,
    managerId?: ObjectId,
  ): Promise<{ cycle: CycleDoc; appraisal: AppraisalDoc }[]> {
    const appraisals = await this.appraisals$(institutionId).find({
      ...(managerId ? { managerId } : {}),
      publishedAt: { $ne: null },
    });
    const cycles = await this.tenant(institutionId).find({ _id: { $in: appraisals.map((a) => a.cycleId) } });
    return appraisals
      .flatMap((appraisal) => {
        const cycle = cycles.find((c) => c._id.equals(appraisal.cycleId));
        return cycle ? [{ cycle, appraisal }] : [];
      })
      .sort((a, b) =>
        a.cycle.period.to < b.cycle.period.to ? 1 : a.cycle.period.to > b.cycle.period.to ? -1 : 0,
      );
  }

  appraisalsOf(institutionId: ObjectId, cycleId: ObjectId): Promise<AppraisalDoc[]> {
    return this.appraisals$(institutionId).find({ cycleId }, { sort: { createdAt: 1 } });
  }

  list(institutionId: ObjectId): Promise<CycleDoc[]> {
    return this.tenant(institutionId).find({}, { sort: { createdAt: -1 } });
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<CycleDoc> {
    return this.tenant(institutionId).get(id);
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

  /** The institution's library and the sets a cycle names, by grade. */
  private async setsOf(institutionId: ObjectId, cycle: CycleContent) {
    const [library, sets] = await Promise.all([
      this.deps.indicators.library(institutionId),
      this.deps.indicators.listSets(institutionId),
    ]);
    const byGrade = new Map<Grade, IndicatorSetContent>();
    for (const grade of GRADES) {
      const set = sets.find((s) => s.code === cycle.indicatorSets[grade]);
      if (set) byGrade.set(grade, set);
    }
    return { library, byGrade };
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
    const { library, byGrade } = await this.setsOf(institutionId, cycle);

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
      let appraisal = await this.appraisals$(institutionId).findOne({ cycleId: id, managerId: person._id });
      if (!appraisal) {
        try {
          appraisal = await this.appraisals$(institutionId).insertOne({
            cycleId: id,
            managerId: person._id,
            grade: profile.grade,
            setCode: set.code,
            instanceId: null,
            sample: null,
            calibrations: [],
            score: null,
            finalTotal: null,
            level: null,
            feedback: '',
            publishedAt: null,
          });
          report.created++;
        } catch (err) {
          if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
          appraisal = await this.appraisals$(institutionId).findOne({ cycleId: id, managerId: person._id });
        }
      }
      if (appraisal && !appraisal.instanceId) {
        const instance = await this.deps.workflows.start(
          institutionId,
          new ObjectId(workflowId),
          { kind: 'appraisal', id: appraisal._id.toHexString(), userId: person._id },
          actor,
        );
        await this.appraisals.updateOne(
          { _id: appraisal._id, instanceId: null },
          { $set: { instanceId: instance._id, updatedAt: new Date() }, $inc: { rev: 1 } },
        );
      }
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

  // ---- one manager's appraisal ----

  /** The appraisal of a workflow instance, if the instance is one. */
  async appraisalOf(instance: InstanceDoc): Promise<AppraisalDoc | null> {
    if (instance.subject.kind !== 'appraisal' || !ObjectId.isValid(instance.subject.id)) return null;
    return this.appraisals$(instance.institutionId).findOne({ _id: new ObjectId(instance.subject.id) });
  }

  /**
   * Called as workflows enter a state. Entering the customer sample draws it; a result re-published
   * after an appeal is levelled again.
   */
  async onEntered(instance: InstanceDoc): Promise<void> {
    const step = instance.state as AppraisalStep;
    if (step !== 'customer-sample' && step !== 'published') return;
    const appraisal = await this.appraisalOf(instance);
    if (!appraisal) return;
    if (step === 'customer-sample') await this.drawSample(appraisal);
    else if (instance.history.at(-1)?.action === 'answer-appeal') await this.relevel(appraisal);
  }

  /**
   * Draws the customers asked to rate the manager, once: their customers in canonical order (by
   * id), `size` of them picked with a fresh recorded seed, and one link each.
   */
  async drawSample(appraisal: AppraisalDoc): Promise<CustomerSample> {
    if (appraisal.sample) return appraisal.sample;
    const cycle = await this.get(appraisal.institutionId, appraisal.cycleId);
    const source = this.business.find((b) => b.customersOf);
    const customers = source?.customersOf
      ? [...(await source.customersOf(appraisal.institutionId, appraisal.managerId))].sort((a, b) =>
          a.id < b.id ? -1 : a.id > b.id ? 1 : 0,
        )
      : [];
    const seed = randomBytes(32);
    const picked = seededSample(customers, cycle.customerSample.size, seed);
    const sample: CustomerSample = {
      drawnAt: new Date(),
      seed: seed.toString('hex'),
      populationHash: createHash('sha256')
        .update(customers.map((c) => c.id).join('\n'))
        .digest('hex'),
      populationSize: customers.length,
      picked: picked.map((c) => c.id),
    };
    // First draw wins: a second, concurrent draw leaves the first in place.
    const result = await this.appraisals.updateOne(
      { _id: appraisal._id, sample: null },
      { $set: { sample, updatedAt: sample.drawnAt }, $inc: { rev: 1 } },
    );
    if (result.modifiedCount === 0) {
      const current = await this.appraisals.findOne({ _id: appraisal._id });
      return current?.sample as CustomerSample;
    }
    const expiresAt = new Date(sample.drawnAt.getTime() + cycle.customerSample.linkDays * DAY_MS);
    for (const customer of picked) {
      await this.links
        .insertOne({
          _id: new ObjectId(),
          institutionId: appraisal.institutionId,
          cycleId: appraisal.cycleId,
          appraisalId: appraisal._id,
          customerId: customer.id,
          customerName: customer.name,
          expiresAt,
          answeredAt: null,
          answers: null,
        })
        .catch((err: unknown) => {
          if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
        });
    }
    return sample;
  }

  /** The signed token of a link: its id and expiry, signed; nothing secret is stored. */
  tokenOf(link: EvaluationLinkDoc): string {
    const body = `${link._id.toHexString()}.${Math.floor(link.expiresAt.getTime() / 1000)}`;
    return `${body}.${createHmac('sha256', this.deps.secret).update(body).digest('base64url')}`;
  }

  /** The link a token names, if the signature holds (expiry and use are checked by the caller). */
  private async linkOf(token: string): Promise<EvaluationLinkDoc> {
    const [id, expires, signature] = token.split('.');
    if (!id || !expires || !signature || !ObjectId.isValid(id)) throw new Errors.EVALUATIONS_LINK_INVALID();
    const expected = createHmac('sha256', this.deps.secret).update(`${id}.${expires}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new Errors.EVALUATIONS_LINK_INVALID();
    const link = await this.links.findOne({ _id: new ObjectId(id) });
    if (!link) throw new Errors.EVALUATIONS_LINK_INVALID();
    return link;
  }

  /** The form a sampled customer fills: the set's indicators customers may rate. */
  private async customerForm(appraisal: AppraisalDoc) {
    const cycle = await this.get(appraisal.institutionId, appraisal.cycleId);
    const { library, byGrade } = await this.setsOf(appraisal.institutionId, cycle);
    const set = byGrade.get(appraisal.grade);
    if (!set) throw new Errors.EVALUATIONS_LINK_INVALID();
    return { cycle, form: evaluationForm(cycle, appraisal.grade, set, library, 'customer') };
  }

  /** What a customer's link opens: who they rate and the form, unless used or expired. */
  async openLink(token: string) {
    const link = await this.linkOf(token);
    if (link.answeredAt) throw new Errors.EVALUATIONS_LINK_USED();
    if (link.expiresAt.getTime() <= Date.now()) throw new Errors.EVALUATIONS_LINK_EXPIRED();
    const appraisal = await this.appraisals$(link.institutionId).get(link.appraisalId);
    const manager = await this.deps.users.get(link.institutionId, appraisal.managerId);
    const { cycle, form } = await this.customerForm(appraisal);
    return { link, manager, cycle, form };
  }

  /** A customer's answer: validated against the form, accepted once, before the link expires. */
  async answerLink(token: string, data: Record<string, unknown>): Promise<void> {
    const { link, form } = await this.openLink(token);
    const schema = form.schema as SchemaNode;
    const key = `evaluation:${createHash('sha256').update(JSON.stringify(schema)).digest('hex')}`;
    const validate = this.deps.forms.validators.get(key, schema);
    if (!validate(data)) throw validationError(describeValidation(validate.errors ?? [], 'data'));
    const now = new Date();
    const result = await this.links.updateOne(
      { _id: link._id, answeredAt: null, expiresAt: { $gt: now } },
      { $set: { answeredAt: now, answers: data } },
    );
    if (result.modifiedCount === 0) throw new Errors.EVALUATIONS_LINK_USED();
  }

  /** The links of an appraisal's sample, with their tokens (for whoever sends them). */
  async linksOf(institutionId: ObjectId, appraisalId: ObjectId): Promise<EvaluationLinkDoc[]> {
    return this.links.find({ institutionId, appraisalId }, { sort: { customerId: 1 } }).toArray();
  }

  /** Ratings per source: from the workflow's submitted forms and the customers' answered links. */
  private async ratingsOf(appraisal: AppraisalDoc, instance: InstanceDoc | null, library: IndicatorLibrary) {
    const ratings: Partial<Record<EvaluationSource, Record<string, number[]>>> = {};
    const add = (source: EvaluationSource, data: Record<string, unknown>) => {
      const bucket = ratings[source] ?? {};
      ratings[source] = bucket;
      for (const [code, value] of Object.entries(data)) {
        const indicator = library.get(code);
        if (indicator?.kind !== 'qualitative' || typeof value !== 'number') continue;
        bucket[code] = [...(bucket[code] ?? []), value];
      }
    };
    const sourceOf: Record<string, EvaluationSource> = {
      'submit-self': 'self',
      'submit-supervisor': 'supervisor',
    };
    for (const entry of instance?.history ?? []) {
      const source = sourceOf[entry.action];
      if (!source || !entry.submissionId) continue;
      const submission = await this.deps.submissions
        .tenant(appraisal.institutionId)
        .findOne({ _id: entry.submissionId });
      if (submission) add(source, submission.data);
    }
    for (const link of await this.linksOf(appraisal.institutionId, appraisal._id)) {
      if (link.answers) add('customer', link.answers);
    }
    return ratings;
  }

  /** Quantitative actuals: each indicator's expression over the manager's business data for the period. */
  private async actualsOf(
    appraisal: AppraisalDoc,
    cycle: CycleDoc,
    library: IndicatorLibrary,
    set: IndicatorSetContent,
  ): Promise<Record<string, number | null>> {
    if (this.business.length === 0) return {};
    const period = {
      from: dayStart(cycle.period.from),
      to: new Date(dayStart(cycle.period.to).getTime() + DAY_MS),
    };
    const parts = await Promise.all(
      this.business.map((b) => b.dataOf(appraisal.institutionId, appraisal.managerId, period)),
    );
    const data = Object.assign({}, ...parts);
    const indicators = set.items.flatMap((item) => {
      const indicator = library.get(item.indicator);
      return indicator ? [indicator] : [];
    });
    return (await actualsOf(indicators, data)).actuals;
  }

  /** The score as the inputs stand now, with how it was made. */
  async computeScore(appraisal: AppraisalDoc, instance?: InstanceDoc | null): Promise<ManagerScore | null> {
    const cycle = await this.get(appraisal.institutionId, appraisal.cycleId);
    const { library, byGrade } = await this.setsOf(appraisal.institutionId, cycle);
    const set = byGrade.get(appraisal.grade);
    if (!set) return null;
    const run =
      instance === undefined && appraisal.instanceId
        ? await this.deps.workflows.getInstance(appraisal.institutionId, appraisal.instanceId)
        : (instance ?? null);
    const [ratings, actuals] = await Promise.all([
      this.ratingsOf(appraisal, run, library),
      this.actualsOf(appraisal, cycle, library, set),
    ]);
    return scoreManager(planScoring(set, library, cycle.sourceWeights), { ratings, actuals });
  }

  /**
   * An appraisal `viewer` may read: the manager their own (once published, with the score), the
   * committee and admins any, supervisors those of their part of the tree.
   */
  async read(institutionId: ObjectId, id: ObjectId, viewer: UserDoc): Promise<AppraisalDetail> {
    const appraisal = await this.appraisals$(institutionId).get(id);
    const cycle = await this.get(institutionId, appraisal.cycleId);
    const manager = await this.deps.users.get(institutionId, appraisal.managerId);
    const isCommittee =
      cycle.committee.includes(viewer._id.toHexString()) || COMMITTEE_ROLES.includes(viewer.role);
    if (
      !isCommittee &&
      viewer.role !== 'auditor' &&
      !(await this.deps.managers.visibilityFor(institutionId, viewer))(manager)
    )
      throw new Errors.NOT_FOUND();
    const instance = appraisal.instanceId
      ? await this.deps.workflows.getInstance(institutionId, appraisal.instanceId)
      : null;
    const isOwn = viewer._id.equals(appraisal.managerId);
    // The manager sees their score once it is published, not while others still rate them.
    const score =
      isOwn && !appraisal.publishedAt
        ? null
        : (appraisal.score ?? (await this.computeScore(appraisal, instance)));
    const links = await this.linksOf(institutionId, appraisal._id);
    return {
      appraisal,
      manager,
      state: instance?.state ?? null,
      score,
      customerAnswers: { asked: links.length, answered: links.filter((l) => l.answeredAt).length },
    };
  }

  /**
   * The appraisals of a cycle `viewer` may read (supervisors: their part of the tree; managers: their
   * own), each with its workflow's state.
   */
  async listAppraisals(institutionId: ObjectId, cycleId: ObjectId, viewer: UserDoc) {
    const cycle = await this.get(institutionId, cycleId);
    const all = await this.appraisals$(institutionId).find({ cycleId }, { sort: { createdAt: 1 } });
    const people = new Map((await this.deps.users.list(institutionId)).map((u) => [u._id.toHexString(), u]));
    const seesAll =
      cycle.committee.includes(viewer._id.toHexString()) ||
      COMMITTEE_ROLES.includes(viewer.role) ||
      viewer.role === 'auditor';
    const sees = seesAll ? () => true : await this.deps.managers.visibilityFor(institutionId, viewer);
    const visible: { appraisal: AppraisalDoc; manager: UserDoc; state: string | null }[] = [];
    for (const appraisal of all) {
      const manager = people.get(appraisal.managerId.toHexString());
      if (manager && sees(manager)) visible.push({ appraisal, manager, state: null });
    }
    const ids = visible.flatMap((v) => (v.appraisal.instanceId ? [v.appraisal.instanceId] : []));
    const states = new Map(
      (await this.deps.workflows.getInstances(institutionId, ids)).map((i) => [i._id.toHexString(), i.state]),
    );
    for (const v of visible) v.state = states.get(v.appraisal.instanceId?.toHexString() ?? '') ?? null;
    return visible;
  }

  /** The committee changes a score: only with a written reason, only while calibrating or reviewing an appeal. */
  async calibrate(
    institutionId: ObjectId,
    id: ObjectId,
    user: UserDoc,
    input: { rev: number; total: number; reason: string; feedback?: string },
  ): Promise<AppraisalDoc> {
    const appraisal = await this.appraisals$(institutionId).get(id);
    const cycle = await this.get(institutionId, appraisal.cycleId);
    if (!cycle.committee.includes(user._id.toHexString())) throw new Errors.CYCLES_NOT_COMMITTEE();
    if (appraisal.rev !== input.rev) throw new Errors.CONFLICT();
    const instance = appraisal.instanceId
      ? await this.deps.workflows.getInstance(institutionId, appraisal.instanceId)
      : null;
    if (!instance || !['calibration', 'appeal'].includes(instance.state))
      throw new Errors.CYCLES_NOT_CALIBRATING();
    const current =
      appraisal.calibrations.at(-1)?.to ??
      appraisal.finalTotal ??
      (await this.computeScore(appraisal, instance))?.total ??
      null;
    const calibration: Calibration = {
      at: new Date(),
      by: actorOf(user),
      from: current,
      to: input.total,
      reason: input.reason,
    };
    const updated = await this.appraisals$(institutionId).updateGuarded(
      id,
      input.rev,
      {
        calibrations: [...appraisal.calibrations, calibration],
        ...(input.feedback === undefined ? {} : { feedback: input.feedback }),
        // Answering an appeal re-publishes the new total.
        ...(instance.state === 'appeal' ? { finalTotal: input.total } : {}),
      },
      calibration.at,
    );
    await this.record(
      institutionId,
      actorOf(user),
      'appraisal.calibrated',
      id,
      `${current ?? '—'} → ${input.total}`,
    );
    return updated;
  }

  /**
   * Publishes a cycle's results: every appraisal must have reached calibration. Scores are frozen,
   * the final totals (calibrated or computed) levelled by the cycle's rule, and each appraisal's
   * workflow moves on to "published", where the manager sees the result and may accept or appeal.
   */
  async publish(institutionId: ObjectId, id: ObjectId, rev: number, user: UserDoc) {
    const cycle = await this.get(institutionId, id);
    if (cycle.rev !== rev) throw new Errors.CONFLICT();
    if (cycle.status !== 'launched') throw new Errors.CYCLES_NOT_LAUNCHED();
    const appraisals = await this.appraisals$(institutionId).find({ cycleId: id });
    const instances = new Map<string, InstanceDoc>();
    const notReady: { path: string; message: Message }[] = [];
    for (const a of appraisals) {
      const instance = a.instanceId
        ? await this.deps.workflows.getInstance(institutionId, a.instanceId)
        : null;
      if (instance) instances.set(a._id.toHexString(), instance);
      if (instance?.state !== 'calibration') {
        const person = await this.deps.users.get(institutionId, a.managerId);
        notReady.push({
          path: `/appraisals/${a._id.toHexString()}`,
          message: {
            en: `${person.name} is at "${instance?.state ?? 'not started'}", not yet at calibration`,
            zh: `${person.name} 处于 “${instance?.state ?? '未开始'}”，尚未进入校准`,
          },
        });
      }
    }
    if (notReady.length > 0) throw problemsError(notReady);
    const scored = [];
    for (const a of appraisals) {
      const score = await this.computeScore(a, instances.get(a._id.toHexString()));
      const finalTotal = a.calibrations.at(-1)?.to ?? score?.total ?? null;
      scored.push({ appraisal: a, score, finalTotal });
    }
    const levels = resultLevels(
      scored.map((s) => ({ managerId: s.appraisal._id.toHexString(), score: s.finalTotal })),
      cycle.levelRule,
    );
    const now = new Date();
    for (const [i, s] of scored.entries()) {
      await this.appraisals$(institutionId).updateGuarded(
        s.appraisal._id,
        s.appraisal.rev,
        { score: s.score, finalTotal: s.finalTotal, level: levels[i]?.level ?? null, publishedAt: now },
        now,
      );
      const instance = instances.get(s.appraisal._id.toHexString()) as InstanceDoc;
      await this.deps.workflows.act(institutionId, instance._id, user, actorOf(user), {
        rev: instance.rev,
        action: 'publish',
      });
    }
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, {
      status: 'published',
      publishedAt: now,
    });
    await this.record(
      institutionId,
      actorOf(user),
      'cycle.published',
      id,
      `${cycle.code}: ${scored.length} results`,
    );
    return updated;
  }

  /**
   * After an appeal is answered the manager's level follows their new total against the published
   * results of the others: the lowest total that was levelled excellent (good, qualified) still is.
   */
  async relevel(appraisal: AppraisalDoc): Promise<void> {
    const { institutionId, _id: appraisalId } = appraisal;
    const cycle = await this.get(institutionId, appraisal.cycleId);
    if (appraisal.finalTotal === null) return;
    let level: ResultLevel;
    if (cycle.levelRule.kind === 'bands') {
      level =
        resultLevels([{ managerId: 'x', score: appraisal.finalTotal }], cycle.levelRule)[0]?.level ??
        'qualified';
    } else {
      const others = await this.appraisals$(institutionId).find({
        cycleId: cycle._id,
        _id: { $ne: appraisalId },
      });
      const lowest = (l: ResultLevel) =>
        Math.min(
          ...others.filter((o) => o.level === l && o.finalTotal !== null).map((o) => o.finalTotal as number),
        );
      const highestUnqualified = Math.max(
        ...others
          .filter((o) => o.level === 'unqualified' && o.finalTotal !== null)
          .map((o) => o.finalTotal as number),
      );
      const total = appraisal.finalTotal;
      level =
        total >= lowest('excellent')
          ? 'excellent'
          : total >= lowest('good')
            ? 'good'
            : total <= highestUnqualified
              ? 'unqualified'
              : 'qualified';
    }
    await this.appraisals.updateOne(
      { _id: appraisalId },
      { $set: { level, updatedAt: new Date() }, $inc: { rev: 1 } },
    );
  }

  private record(institutionId: ObjectId, actor: Actor, action: string, id: ObjectId, summary: string) {
    const collection = action.startsWith('appraisal') ? 'appraisals' : 'appraisal_cycles';
    return this.deps.events.note(institutionId, actor, action, collection, id, summary);
  }
}

export default fp(
  async (app, opts: { secret: string }) => {
    const db = app.mongo.db;
    const service = new CyclesService(
      db.collection<CycleDoc>('appraisal_cycles'),
      db.collection<AppraisalDoc>('appraisals'),
      db.collection<EvaluationLinkDoc>('evaluation_links'),
      {
        indicators: app.indicators,
        forms: app.forms,
        submissions: app.submissions,
        workflows: app.workflows,
        managers: app.managers,
        orgUnits: app.orgUnits,
        users: app.users,
        events: app.events,
        secret: opts.secret,
        log: app.log,
      },
    );
    await service.ensureIndexes();
    app.decorate('cycles', service);
    app.workflows.onEntered((instance) => service.onEntered(instance));
  },
  {
    name: 'cycles-service',
    dependencies: [
      'mongo',
      'indicators-service',
      'forms-service',
      'submissions-service',
      'workflows-service',
      'managers-service',
      'org-units-service',
      'users-service',
      'events-service',
    ],
  },
);
