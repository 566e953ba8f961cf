import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AUDIT_STATUSES, FINDING_SEVERITIES, INSPECTION_METHODS, ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { actorView } from '../forms/views.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import type { AuditDoc } from './model.js';
import { AuditParams, planFields, RevBody } from './route-kit.js';

// Audits as they are inspected: who sees them, the auditor's steps, findings, responses, the dashboard.

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

const ActorView = Type.Object({ id: Id, name: Type.String(), email: Type.String() });
const AuditView = Type.Object({
  id: Id,
  planId: Id,
  runId: Id,
  managerId: Id,
  auditorId: Type.Union([Id, Type.Null()]),
  plan: planFields(['code', 'name', 'mode', 'announced', 'checklistFormKey', 'methods']),
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

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const inspectors = app.requireRole('platform_admin', 'institution_admin', 'auditor');
  const members = app.requireRole(...ROLES);
  const tags = ['audits'];

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
