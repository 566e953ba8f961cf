import type { AppraisalStep, Grade, ManagerScore, Message, ResultLevel } from '@rapport/schemas';
import { type Collection, MongoServerError, ObjectId } from 'mongodb';
import type { Actor } from '../../events/service.js';
import { Errors } from '../../infra/errors.js';
import { TenantCollection } from '../../infra/tenant.js';
import { actorOf, type UserDoc } from '../../users/service.js';
import type { InstanceDoc } from '../../workflows/service.js';
import { resultLevels } from '../scoring.js';
import type { EvaluationLinksService } from './evaluation-links-service.js';
import {
  type AppraisalDoc,
  type Calibration,
  type CycleDoc,
  type CyclesDeps,
  cycleOf,
  problemsError,
} from './model.js';
import type { AppraisalScoresService } from './scores-service.js';

/** An appraisal with what the viewer may see of it, score included. */
export interface AppraisalDetail {
  appraisal: AppraisalDoc;
  manager: UserDoc;
  state: string | null;
  score: ManagerScore | null;
  /** Customers asked and answered. */
  customerAnswers: { asked: number; answered: number };
}

const COMMITTEE_ROLES = ['institution_admin', 'platform_admin'];

/**
 * One appraisal per manager and cycle: its workflow, its score (ratings and business data), what each
 * viewer may see of it, the committee's calibrations and the published result.
 */
export class AppraisalsService {
  constructor(
    private readonly appraisals: Collection<AppraisalDoc>,
    private readonly cycles: Collection<CycleDoc>,
    private readonly deps: CyclesDeps,
    private readonly links: EvaluationLinksService,
    private readonly scores: AppraisalScoresService,
  ) {}

  async ensureIndexes(): Promise<void> {
    // One appraisal per manager and cycle: a launch run twice creates nothing more.
    await this.appraisals.createIndex({ institutionId: 1, cycleId: 1, managerId: 1 }, { unique: true });
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
    const cycles = await new TenantCollection(this.cycles, institutionId).find({
      _id: { $in: appraisals.map((a) => a.cycleId) },
    });
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

  /**
   * A manager's appraisal in a cycle being launched: created unless it exists, its workflow started
   * unless it runs. Safe to run again after a failure. Says whether the appraisal was created.
   */
  async launchFor(
    institutionId: ObjectId,
    cycleId: ObjectId,
    of: { person: UserDoc; grade: Grade; setCode: string; workflowId: string },
    actor: Actor,
  ): Promise<boolean> {
    const { person } = of;
    let created = false;
    let appraisal = await this.appraisals$(institutionId).findOne({ cycleId, managerId: person._id });
    if (!appraisal) {
      try {
        appraisal = await this.appraisals$(institutionId).insertOne({
          cycleId,
          managerId: person._id,
          grade: of.grade,
          setCode: of.setCode,
          instanceId: null,
          sample: null,
          calibrations: [],
          score: null,
          finalTotal: null,
          level: null,
          feedback: '',
          publishedAt: null,
        });
        created = true;
      } catch (err) {
        if (!(err instanceof MongoServerError && err.code === 11000)) throw err;
        appraisal = await this.appraisals$(institutionId).findOne({ cycleId, managerId: person._id });
      }
    }
    if (appraisal && !appraisal.instanceId) {
      const instance = await this.deps.workflows.start(
        institutionId,
        new ObjectId(of.workflowId),
        { kind: 'appraisal', id: appraisal._id.toHexString(), userId: person._id },
        actor,
      );
      await this.appraisals.updateOne(
        { _id: appraisal._id, instanceId: null },
        { $set: { instanceId: instance._id, updatedAt: new Date() }, $inc: { rev: 1 } },
      );
    }
    return created;
  }

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
    if (step === 'customer-sample') await this.links.drawSample(appraisal);
    else if (instance.history.at(-1)?.action === 'answer-appeal') await this.relevel(appraisal);
  }

  /**
   * An appraisal `viewer` may read: the manager their own (once published, with the score), the
   * committee and admins any, supervisors those of their part of the tree.
   */
  async read(institutionId: ObjectId, id: ObjectId, viewer: UserDoc): Promise<AppraisalDetail> {
    const appraisal = await this.appraisals$(institutionId).get(id);
    const cycle = await cycleOf(this.cycles, institutionId, appraisal.cycleId);
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
        : (appraisal.score ?? (await this.scores.compute(appraisal, instance)));
    const links = await this.links.linksOf(institutionId, appraisal._id);
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
    const cycle = await cycleOf(this.cycles, institutionId, cycleId);
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
    const cycle = await cycleOf(this.cycles, institutionId, appraisal.cycleId);
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
      (await this.scores.compute(appraisal, instance))?.total ??
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
    await this.deps.events.note(
      institutionId,
      actorOf(user),
      'appraisal.calibrated',
      'appraisals',
      id,
      `${current ?? '—'} → ${input.total}`,
    );
    return updated;
  }

  /**
   * Publishes a cycle's results: every appraisal must have reached calibration. Scores are frozen,
   * the final totals (calibrated or computed) levelled by the cycle's rule, and each appraisal's
   * workflow moves on to "published", where the manager sees the result and may accept or appeal.
   * Says how many were published, and when.
   */
  async publishResults(cycle: CycleDoc, user: UserDoc): Promise<{ count: number; at: Date }> {
    const { institutionId } = cycle;
    const appraisals = await this.appraisals$(institutionId).find({ cycleId: cycle._id });
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
      const score = await this.scores.compute(a, instances.get(a._id.toHexString()));
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
    return { count: scored.length, at: now };
  }

  /**
   * After an appeal is answered the manager's level follows their new total against the published
   * results of the others: the lowest total that was levelled excellent (good, qualified) still is.
   */
  async relevel(appraisal: AppraisalDoc): Promise<void> {
    const { institutionId, _id: appraisalId } = appraisal;
    const cycle = await cycleOf(this.cycles, institutionId, appraisal.cycleId);
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
}
