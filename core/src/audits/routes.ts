import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ADMIN_ROLES,
  AUDIT_STATUSES,
  type AuditPlanContent,
  auditPlanSchema,
  FINDING_SEVERITIES,
  INSPECTION_METHODS,
  ROLES,
} from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { actorView } from '../forms/views.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import type { AuditDoc, AuditPlanDoc, AuditRunDoc } from './model.js';
import { nextTriggers } from './plans.js';

const Content = Type.Unsafe<AuditPlanContent>(auditPlanSchema);
const { code: _code, ...editable } = auditPlanSchema.properties;
const Changes = Type.Unsafe<Omit<AuditPlanContent, 'code'> & { rev: number }>({
  ...auditPlanSchema,
  required: ['rev', ...auditPlanSchema.required.filter((k) => k !== 'code')],
  properties: { ...editable, rev: { type: 'integer', minimum: 1 } },
});
const Any = Type.Unknown();
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

const PlanView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  kind: Type.String(),
  mode: Type.String(),
  announced: Type.Boolean(),
  scope: Any,
  checklistFormKey: Type.String(),
  methods: Type.Array(Type.String()),
  auditorIds: Type.Array(Id),
  daysToComplete: Type.Integer(),
  schedule: Any,
  sampling: Any,
  status: Type.String(),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function planView(p: AuditPlanDoc) {
  const { _id, institutionId: _i, createdAt, updatedAt, ...rest } = p;
  return {
    ...rest,
    id: _id.toHexString(),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

const RunView = Type.Object({
  id: Id,
  planId: Id,
  occurrence: Type.String(),
  plan: Any,
  design: Any,
  populationSize: Type.Integer(),
  n: Type.Integer(),
  picked: Type.Array(Id),
  strata: Type.Optional(Any),
  certain: Type.Optional(Type.Array(Id)),
  commitment: Type.String(),
  /** Null until every audit of the run is closed. */
  seed: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  createdAt: Timestamp,
  closedAt: Type.Union([Timestamp, Type.Null()]),
});

function runView(r: AuditRunDoc) {
  return {
    id: r._id.toHexString(),
    planId: r.planId.toHexString(),
    occurrence: r.occurrence,
    plan: r.plan,
    design: r.design,
    populationSize: r.population.length,
    n: r.n,
    picked: r.picked,
    ...(r.strata ? { strata: r.strata } : {}),
    ...(r.certain ? { certain: r.certain } : {}),
    commitment: r.commitment,
    seed: r.seedRevealedAt ? r.seed : null,
    status: r.status,
    createdAt: r.createdAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
  };
}

const ActorView = Type.Object({ id: Id, name: Type.String(), email: Type.String() });
const AuditView = Type.Object({
  id: Id,
  planId: Id,
  runId: Id,
  managerId: Id,
  auditorId: Type.Union([Id, Type.Null()]),
  plan: Any,
  status: Type.Enum(AUDIT_STATUSES),
  dueAt: Timestamp,
  openedAt: Type.Union([Timestamp, Type.Null()]),
  checklistSubmissionId: Type.Union([Id, Type.Null()]),
  findings: Type.Array(
    Type.Object({
      id: Type.String(),
      severity: Type.Enum(FINDING_SEVERITIES),
      method: Type.Enum(INSPECTION_METHODS),
      description: Type.String(),
      evidence: Type.String(),
      correctiveAction: Type.String(),
      recordedAt: Timestamp,
      recordedBy: ActorView,
    }),
  ),
  response: Type.Union([Type.Object({ at: Timestamp, text: Type.String() }), Type.Null()]),
  closedAt: Type.Union([Timestamp, Type.Null()]),
  rev: Type.Integer(),
  createdAt: Timestamp,
});

function auditView(a: AuditDoc) {
  return {
    id: a._id.toHexString(),
    planId: a.planId.toHexString(),
    runId: a.runId.toHexString(),
    managerId: a.managerId.toHexString(),
    auditorId: a.auditorId?.toHexString() ?? null,
    plan: a.plan,
    status: a.status,
    dueAt: a.dueAt.toISOString(),
    openedAt: a.openedAt?.toISOString() ?? null,
    checklistSubmissionId: a.checklistSubmissionId?.toHexString() ?? null,
    findings: a.findings.map((f) => ({
      ...f,
      recordedAt: f.recordedAt.toISOString(),
      recordedBy: actorView(f.recordedBy),
    })),
    response: a.response ? { at: a.response.at.toISOString(), text: a.response.text } : null,
    closedAt: a.closedAt?.toISOString() ?? null,
    rev: a.rev,
    createdAt: a.createdAt.toISOString(),
  };
}

const param = (name: 'planId' | 'runId' | 'auditId') =>
  Type.Object(
    { institutionId: Type.String({ maxLength: 64 }), [name]: Type.String({ maxLength: 64 }) } as {
      institutionId: ReturnType<typeof Type.String>;
    } & Record<typeof name, ReturnType<typeof Type.String>>,
    { additionalProperties: false },
  );
const PlanParams = param('planId');
const RunParams = param('runId');
const AuditParams = param('auditId');
const RevBody = Type.Object({ rev: Rev }, { additionalProperties: false });

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const inspectors = app.requireRole('platform_admin', 'institution_admin', 'auditor');
  const members = app.requireRole(...ROLES);
  const tags = ['audits'];

  app.get(
    '/:institutionId/audit-plans',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: 'Audit plans',
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(PlanView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await app.audits.plans.list(request.institutionId)).map(planView),
    }),
  );

  app.post(
    '/:institutionId/audit-plans/preview',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'How many managers a plan covers now, how many a run samples, and when it next triggers',
        params: InstitutionParams,
        body: Content,
        response: {
          200: Type.Object({
            population: Type.Integer(),
            sampleSize: Type.Integer(),
            nextTriggers: Type.Array(Timestamp),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const preview = await app.audits.plans.preview(institutionId, request.body);
      return { ...preview, nextTriggers: nextTriggers(request.body, 3).map((d) => d.toISOString()) };
    },
  );

  app.post(
    '/:institutionId/audit-plans',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Create an audit plan (its scheduler starts at once)',
        params: InstitutionParams,
        body: Content,
        response: { 201: PlanView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const plan = await app.audits.plans.create(institutionId, request.body, request.actor);
      return reply.status(201).send(planView(plan));
    },
  );

  app.get(
    '/:institutionId/audit-plans/:planId',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: 'One audit plan',
        params: PlanParams,
        response: { 200: PlanView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      planView(await app.audits.plans.get(request.institutionId, idOf(request.params.planId))),
  );

  app.put(
    '/:institutionId/audit-plans/:planId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Change a plan (its scheduler is upserted)',
        params: PlanParams,
        body: Changes,
        response: { 200: PlanView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...content } = request.body;
      return planView(
        await app.audits.plans.update(
          institutionId,
          idOf(request.params.planId),
          rev,
          content,
          request.actor,
        ),
      );
    },
  );

  for (const [path, status] of [
    ['pause', 'paused'],
    ['resume', 'active'],
  ] as const) {
    app.post(
      `/:institutionId/audit-plans/:planId/${path}`,
      {
        preHandler: admins,
        schema: {
          tags,
          summary: status === 'paused' ? 'Pause a plan (its scheduler is removed)' : 'Resume a paused plan',
          params: PlanParams,
          body: RevBody,
          response: { 200: PlanView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        planView(
          await app.audits.plans.setStatus(
            request.institutionId,
            idOf(request.params.planId),
            request.body.rev,
            status,
            request.actor,
          ),
        ),
    );
  }

  app.delete(
    '/:institutionId/audit-plans/:planId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Delete a plan and its scheduler (its runs and audits stay)',
        params: PlanParams,
        querystring: RevBody,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await app.audits.plans.remove(
        request.institutionId,
        idOf(request.params.planId),
        request.query.rev,
        request.actor,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:institutionId/audit-plans/:planId/run',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Run a plan now, outside its schedule',
        params: PlanParams,
        response: { 202: Type.Object({ occurrence: Type.String() }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await app.audits.plans.runNow(
        request.institutionId,
        idOf(request.params.planId),
        request.actor,
      );
      return reply.status(202).send(result);
    },
  );

  app.get(
    '/:institutionId/audit-plans/:planId/runs',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: "A plan's runs with their samples, newest first",
        params: PlanParams,
        response: { 200: Type.Object({ items: Type.Array(RunView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      // Another institution's plan (or none) is 404, not an empty list.
      const plan = await app.audits.plans.get(institutionId, idOf(request.params.planId));
      return { items: (await app.audits.runs.listRuns(institutionId, plan._id)).map(runView) };
    },
  );

  app.get(
    '/:institutionId/audit-runs/:runId',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary: 'One run',
        params: RunParams,
        response: { 200: RunView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      runView(await app.audits.runs.getRun(request.institutionId, idOf(request.params.runId))),
  );

  app.get(
    '/:institutionId/audit-runs/:runId/verify',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary:
          "Recompute a closed run's selection from its revealed seed and check it against the commitment",
        params: RunParams,
        response: {
          200: Type.Object({
            seed: Type.String(),
            commitment: Type.String(),
            recomputedCommitment: Type.String(),
            picked: Type.Array(Id),
            recomputedPicked: Type.Array(Id),
            valid: Type.Boolean(),
          }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) => app.audits.runs.verify(request.institutionId, idOf(request.params.runId)),
  );

  app.get(
    '/:institutionId/audits',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Audits you may see (an unopened unannounced audit: only admins and its auditor)',
        params: InstitutionParams,
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(AUDIT_STATUSES)),
            planId: Type.Optional(Id),
            runId: Type.Optional(Id),
            managerId: Type.Optional(Id),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(AuditView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { status, planId, runId, managerId } = request.query;
      const items = await app.audits.inspections.listAudits(institutionId, userOf(request), {
        ...(status ? { status } : {}),
        ...(planId ? { planId: new ObjectId(planId) } : {}),
        ...(runId ? { runId: new ObjectId(runId) } : {}),
        ...(managerId ? { managerId: new ObjectId(managerId) } : {}),
      });
      return { items: items.map(auditView) };
    },
  );

  app.get(
    '/:institutionId/audits/dashboard',
    {
      preHandler: inspectors,
      schema: {
        tags,
        summary:
          'Coverage in the last 12 months by org unit, findings by severity and method, overdue audits',
        params: InstitutionParams,
        response: {
          200: Type.Object({
            coverage: Type.Array(
              Type.Object({
                orgUnitId: Type.Union([Id, Type.Null()]),
                name: Message,
                managers: Type.Integer(),
                inspected: Type.Integer(),
              }),
            ),
            findings: Type.Object({
              bySeverity: Type.Record(Type.String(), Type.Integer()),
              byMethod: Type.Record(Type.String(), Type.Integer()),
            }),
            overdue: Type.Array(
              Type.Object({ id: Id, managerId: Id, dueAt: Timestamp, status: Type.String() }),
            ),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => app.audits.inspections.dashboard(request.institutionId),
  );

  app.get(
    '/:institutionId/audits/:auditId',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'One audit',
        params: AuditParams,
        response: { 200: AuditView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      auditView(
        await app.audits.inspections.readAudit(
          request.institutionId,
          idOf(request.params.auditId),
          userOf(request),
        ),
      ),
  );

  const auditorStep = (
    path: string,
    summary: string,
    run: (
      institutionId: ObjectId,
      id: ObjectId,
      rev: number,
      request: Parameters<typeof userOf>[0],
    ) => Promise<AuditDoc>,
  ) =>
    app.post(
      `/:institutionId/audits/:auditId/${path}`,
      {
        preHandler: members,
        schema: {
          tags,
          summary,
          params: AuditParams,
          body: RevBody,
          response: { 200: AuditView, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        auditView(await run(request.institutionId, idOf(request.params.auditId), request.body.rev, request)),
    );
  auditorStep('open', 'The auditor opens the audit: the manager sees it from now on', (i, id, rev, r) =>
    app.audits.inspections.open(i, id, userOf(r), rev),
  );
  auditorStep(
    'request-response',
    'The auditor asks the manager to respond to the findings',
    (i, id, rev, r) => app.audits.inspections.requestResponse(i, id, userOf(r), rev),
  );
  auditorStep('close', 'The auditor closes the audit (the checklist must be attached)', (i, id, rev, r) =>
    app.audits.inspections.close(i, id, userOf(r), rev),
  );

  app.post(
    '/:institutionId/audits/:auditId/checklist',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "Attach the filled checklist (a submitted submission of the plan's checklist form)",
        params: AuditParams,
        body: Type.Object({ rev: Rev, submissionId: Id }, { additionalProperties: false }),
        response: { 200: AuditView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      auditView(
        await app.audits.inspections.attachChecklist(
          request.institutionId,
          idOf(request.params.auditId),
          userOf(request),
          request.body.rev,
          new ObjectId(request.body.submissionId),
        ),
      ),
  );

  app.post(
    '/:institutionId/audits/:auditId/findings',
    {
      preHandler: members,
      schema: {
        tags,
        summary:
          'Record a finding: severity, inspection method, description, evidence, required corrective action',
        params: AuditParams,
        body: Type.Object(
          {
            rev: Rev,
            severity: Type.Enum(FINDING_SEVERITIES),
            method: Type.Enum(INSPECTION_METHODS),
            description: Text(2000),
            evidence: Type.String({ maxLength: 2000 }),
            correctiveAction: Text(2000),
          },
          { additionalProperties: false },
        ),
        response: { 200: AuditView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { rev, ...finding } = request.body;
      return auditView(
        await app.audits.inspections.addFinding(
          request.institutionId,
          idOf(request.params.auditId),
          userOf(request),
          rev,
          finding,
        ),
      );
    },
  );

  app.post(
    '/:institutionId/audits/:auditId/respond',
    {
      preHandler: members,
      schema: {
        tags,
        summary: "The audited manager's response to the findings",
        params: AuditParams,
        body: Type.Object({ rev: Rev, text: Text(4000) }, { additionalProperties: false }),
        response: { 200: AuditView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      auditView(
        await app.audits.inspections.respond(
          request.institutionId,
          idOf(request.params.auditId),
          userOf(request),
          request.body.rev,
          request.body.text,
        ),
      ),
  );
};

export default routes;
