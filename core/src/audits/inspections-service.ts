import { randomBytes } from 'node:crypto';
import {
  type AuditStatus,
  FINDING_POINTS,
  type FindingSeverity,
  isAdminRole,
  type Message,
} from '@rapport/schemas';
import type { Collection, Filter, ObjectId } from 'mongodb';
import { Errors, validationError } from '../infra/errors.js';
import { TenantCollection } from '../infra/tenant.js';
import { actorOf, type UserDoc } from '../users/service.js';
import { type AuditDeps, type AuditDoc, DAY_MS, type Finding } from './model.js';
import type { AuditRunsService } from './runs-service.js';

/** Inspections: what each person may see of them, the auditor's steps, the manager's response, the dashboard. */
export class AuditInspectionsService {
  constructor(
    private readonly audits: Collection<AuditDoc>,
    private readonly deps: AuditDeps,
    private readonly runner: AuditRunsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.audits.createIndex({ institutionId: 1, auditorId: 1, status: 1 });
    await this.audits.createIndex({ institutionId: 1, managerId: 1, status: 1 });
  }

  private audits$(institutionId: ObjectId) {
    return new TenantCollection(this.audits, institutionId);
  }

  /**
   * The audits `viewer` may see: admins all; auditors theirs; a manager their own once opened (or
   * announced); a supervisor those of their part of the tree, on the same terms. An unopened
   * unannounced audit does not exist for anyone but admins and its auditor.
   */
  async visibleFilter(institutionId: ObjectId, viewer: UserDoc): Promise<Filter<AuditDoc>> {
    if (isAdminRole(viewer.role)) return {};
    const revealed: Filter<AuditDoc> = { $or: [{ 'plan.announced': true }, { status: { $ne: 'assigned' } }] };
    if (viewer.role === 'auditor') return { auditorId: viewer._id };
    if (viewer.role === 'manager') return { managerId: viewer._id, ...revealed };
    const sees = await this.deps.managers.visibilityFor(institutionId, viewer);
    const visible = (await this.deps.managers.active(institutionId))
      .filter((m) => sees(m.user))
      .map((m) => m.profile._id);
    return { managerId: { $in: visible }, ...revealed };
  }

  async listAudits(
    institutionId: ObjectId,
    viewer: UserDoc,
    query: { status?: AuditStatus; planId?: ObjectId; runId?: ObjectId; managerId?: ObjectId },
  ): Promise<AuditDoc[]> {
    const filter: Filter<AuditDoc> = {
      ...(await this.visibleFilter(institutionId, viewer)),
      ...(query.status ? { status: query.status } : {}),
      ...(query.planId ? { planId: query.planId } : {}),
      ...(query.runId ? { runId: query.runId } : {}),
    };
    const found = await this.audits$(institutionId).find(filter, { sort: { createdAt: -1 }, limit: 500 });
    return query.managerId ? found.filter((a) => a.managerId.equals(query.managerId as ObjectId)) : found;
  }

  async readAudit(institutionId: ObjectId, id: ObjectId, viewer: UserDoc): Promise<AuditDoc> {
    const found = await this.audits$(institutionId).findOne({
      _id: id,
      ...(await this.visibleFilter(institutionId, viewer)),
    });
    if (!found) throw new Errors.NOT_FOUND();
    return found;
  }

  /** The audit as its own auditor may change it (404 for anyone else), at `rev`, in one of `statuses`. */
  private async asAuditor(
    institutionId: ObjectId,
    id: ObjectId,
    auditor: UserDoc,
    rev: number,
    statuses: AuditStatus[],
  ) {
    const audit = await this.audits$(institutionId).findOne({ _id: id, auditorId: auditor._id });
    if (!audit) throw new Errors.NOT_FOUND();
    if (audit.rev !== rev) throw new Errors.CONFLICT();
    if (!statuses.includes(audit.status)) throw new Errors.AUDITS_WRONG_STATUS();
    return audit;
  }

  /** The auditor opens the audit: from now on the manager sees it and is told. */
  async open(institutionId: ObjectId, id: ObjectId, auditor: UserDoc, rev: number): Promise<AuditDoc> {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, ['assigned']);
    const now = new Date();
    const opened = await this.audits$(institutionId).updateGuarded(
      id,
      rev,
      { status: 'open', openedAt: now },
      now,
    );
    await this.deps.notifications.notify(institutionId, [audit.managerId], {
      kind: 'audit-opened',
      auditId: id,
      step: 0,
      title: audit.plan.name,
    });
    await this.deps.events.note(
      institutionId,
      actorOf(auditor),
      'audit.opened',
      'audits',
      id,
      audit.plan.code,
    );
    return opened;
  }

  /** Attaches the filled checklist: a submitted submission of the plan's checklist form by the auditor. */
  async attachChecklist(
    institutionId: ObjectId,
    id: ObjectId,
    auditor: UserDoc,
    rev: number,
    submissionId: ObjectId,
  ) {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, [
      'open',
      'awaiting-response',
      'responded',
    ]);
    const submission = await this.deps.submissions.tenant(institutionId).findOne({ _id: submissionId });
    if (
      !submission ||
      submission.formKey !== audit.plan.checklistFormKey ||
      submission.status !== 'submitted' ||
      !submission.submittedBy.id.equals(auditor._id)
    )
      throw validationError([
        {
          in: 'body',
          path: '/submissionId',
          message: {
            en: `the checklist must be the form "${audit.plan.checklistFormKey}", filled in and submitted by you`,
            zh: `检查表须为表单 "${audit.plan.checklistFormKey}"，并由您本人填写提交`,
          },
        },
      ]);
    return this.audits$(institutionId).updateGuarded(id, rev, { checklistSubmissionId: submissionId });
  }

  async addFinding(
    institutionId: ObjectId,
    id: ObjectId,
    auditor: UserDoc,
    rev: number,
    input: Omit<Finding, 'id' | 'recordedAt' | 'recordedBy'>,
  ): Promise<AuditDoc> {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, ['open', 'responded']);
    if (!audit.plan.methods.includes(input.method))
      throw validationError([
        {
          in: 'body',
          path: '/method',
          message: { en: 'this plan does not use that inspection method', zh: '本检查计划不使用该检查方法' },
        },
      ]);
    const finding: Finding = {
      ...input,
      id: randomBytes(6).toString('hex'),
      recordedAt: new Date(),
      recordedBy: actorOf(auditor),
    };
    return this.audits$(institutionId).updateGuarded(id, rev, { findings: [...audit.findings, finding] });
  }

  /** The auditor asks the manager to respond to the findings. */
  async requestResponse(institutionId: ObjectId, id: ObjectId, auditor: UserDoc, rev: number) {
    await this.asAuditor(institutionId, id, auditor, rev, ['open']);
    return this.audits$(institutionId).updateGuarded(id, rev, { status: 'awaiting-response' });
  }

  /** The audited manager responds. */
  async respond(institutionId: ObjectId, id: ObjectId, manager: UserDoc, rev: number, text: string) {
    const audit = await this.audits$(institutionId).findOne({ _id: id, managerId: manager._id });
    if (!audit || (!audit.plan.announced && audit.status === 'assigned')) throw new Errors.NOT_FOUND();
    if (audit.rev !== rev) throw new Errors.CONFLICT();
    if (audit.status !== 'awaiting-response') throw new Errors.AUDITS_WRONG_STATUS();
    return this.audits$(institutionId).updateGuarded(id, rev, {
      status: 'responded',
      response: { at: new Date(), text },
    });
  }

  /** The auditor closes; when the run's last audit closes, the run's seed is revealed. */
  async close(institutionId: ObjectId, id: ObjectId, auditor: UserDoc, rev: number): Promise<AuditDoc> {
    const audit = await this.asAuditor(institutionId, id, auditor, rev, ['open', 'responded']);
    if (!audit.checklistSubmissionId) throw new Errors.AUDITS_CHECKLIST_MISSING();
    const now = new Date();
    const closed = await this.audits$(institutionId).updateGuarded(
      id,
      rev,
      { status: 'closed', closedAt: now },
      now,
    );
    await this.runner.closeIfDone(audit.runId, now);
    await this.deps.events.note(
      institutionId,
      actorOf(auditor),
      'audit.closed',
      'audits',
      id,
      audit.plan.code,
    );
    return closed;
  }

  /** Closed audits' findings in a period, for the appraisal's behaviour indicators. */
  async findingsOf(institutionId: ObjectId, managerId: ObjectId, period: { from: Date; to: Date }) {
    const closed = await this.audits
      .find({ institutionId, managerId, status: 'closed', closedAt: { $gte: period.from, $lt: period.to } })
      .toArray();
    const findings = closed.flatMap((a) => a.findings);
    return {
      closed: closed.length,
      findings: findings.map((f) => ({ severity: f.severity, method: f.method })),
      findingPoints: findings.reduce((sum, f) => sum + FINDING_POINTS[f.severity], 0),
    };
  }

  /** Coverage, findings and overdue audits for the dashboard. */
  async dashboard(institutionId: ObjectId) {
    const since = new Date(Date.now() - 365 * DAY_MS);
    const [managers, units, audits] = await Promise.all([
      this.deps.managers.active(institutionId),
      this.deps.orgUnits.list(institutionId),
      this.audits.find({ institutionId }).toArray(),
    ]);
    const inspected = new Set(
      audits.filter((a) => a.openedAt && a.openedAt >= since).map((a) => a.managerId.toHexString()),
    );
    const coverage = [...units, null]
      .map((unit) => {
        const members = managers.filter((m) =>
          unit ? m.user.orgUnitId?.equals(unit._id) : !m.user.orgUnitId,
        );
        return {
          orgUnitId: unit?._id.toHexString() ?? null,
          name: unit?.name ?? ({ zh: '未分配机构', en: 'No unit' } satisfies Message),
          managers: members.length,
          inspected: members.filter((m) => inspected.has(m.profile._id.toHexString())).length,
        };
      })
      .filter((c) => c.managers > 0);
    const findings = audits.flatMap((a) => a.findings);
    const count = <K extends string>(keys: K[]) =>
      Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    const bySeverity = count(['low', 'medium', 'high'] as FindingSeverity[]);
    const byMethod: Record<string, number> = {};
    for (const f of findings) {
      bySeverity[f.severity]++;
      byMethod[f.method] = (byMethod[f.method] ?? 0) + 1;
    }
    const now = Date.now();
    const overdue = audits
      .filter((a) => !a.closedAt && a.dueAt.getTime() < now)
      .map((a) => ({
        id: a._id.toHexString(),
        managerId: a.managerId.toHexString(),
        dueAt: a.dueAt.toISOString(),
        status: a.status,
      }));
    return { coverage, findings: { bySeverity, byMethod }, overdue };
  }
}
