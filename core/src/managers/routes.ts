import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, ROLES, TEAM_ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { actorView } from '../forms/views.js';
import { errors, Id, InstitutionParams, Paged, paging, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { Grade, InstitutionId, Label, optionalId } from './route-kit.js';
import type { Manager } from './service.js';

// Manager profiles and their grade history; the org tree is in org-unit-routes.ts, the grades' definitions in grade-routes.ts.

const TeamRole = Type.Enum(TEAM_ROLES);
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });
const Certification = Type.Object(
  {
    name: Label,
    certifiedAt: Type.String({ format: 'date' }),
    score: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);

const ActorView = Type.Object({ id: Id, name: Type.String(), email: Type.String() });
const ManagerView = Type.Object({
  id: Id,
  name: Type.String(),
  email: Type.String(),
  orgUnitId: Type.Union([Id, Type.Null()]),
  disabled: Type.Boolean(),
  grade: Grade,
  teamRole: TeamRole,
  supervisorId: Type.Union([Id, Type.Null()]),
  industryGroups: Type.Array(Type.String()),
  certifications: Type.Array(Certification),
  gradeHistory: Type.Array(
    Type.Object({
      at: Timestamp,
      from: Type.Union([Grade, Type.Null()]),
      to: Grade,
      reason: Type.String(),
      decidedBy: ActorView,
      instanceId: Type.Optional(Id),
    }),
  ),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function managerView({ profile, user }: Manager) {
  return {
    id: profile._id.toHexString(),
    name: user.name,
    email: user.email,
    orgUnitId: user.orgUnitId?.toHexString() ?? null,
    disabled: user.disabled,
    grade: profile.grade,
    teamRole: profile.teamRole,
    supervisorId: profile.supervisorId?.toHexString() ?? null,
    industryGroups: profile.industryGroups,
    certifications: profile.certifications.map((c) => ({
      name: c.name,
      certifiedAt: c.certifiedAt.toISOString().slice(0, 10),
      ...(c.score === undefined ? {} : { score: c.score }),
    })),
    gradeHistory: profile.gradeHistory.map((g) => ({
      at: g.at.toISOString(),
      from: g.from,
      to: g.to,
      reason: g.reason,
      decidedBy: actorView(g.decidedBy),
      ...(g.instanceId ? { instanceId: g.instanceId.toHexString() } : {}),
    })),
    rev: profile.rev,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
}

const ManagerParams = Type.Object(
  { institutionId: InstitutionId, managerId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

const certificationsOf = (list: { name: string; certifiedAt: string; score?: number }[]) =>
  list.map((c) => ({ ...c, certifiedAt: new Date(c.certifiedAt) }));

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const members = app.requireRole(...ROLES);

  app.get(
    '/:institutionId/managers',
    {
      preHandler: members,
      schema: {
        tags: ['managers'],
        summary: 'Managers you may see (supervisors: their unit and below; managers: themselves)',
        params: InstitutionParams,
        querystring: Type.Object(
          { orgUnitId: Type.Optional(Id), grade: Type.Optional(Grade), ...paging(50, 200) },
          { additionalProperties: false },
        ),
        response: {
          200: Paged(ManagerView),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { orgUnitId, grade, page, pageSize } = request.query;
      const { items, total } = await app.managers.list(institutionId, userOf(request), {
        ...(orgUnitId ? { orgUnitId: new ObjectId(orgUnitId) } : {}),
        ...(grade ? { grade } : {}),
        page,
        pageSize,
      });
      return { items: items.map(managerView), total, page, pageSize };
    },
  );

  app.post(
    '/:institutionId/managers',
    {
      preHandler: admins,
      schema: {
        tags: ['managers'],
        summary: 'Open a manager profile for a user with the manager role',
        params: InstitutionParams,
        body: Type.Object(
          {
            userId: Id,
            grade: Grade,
            teamRole: TeamRole,
            supervisorId: Type.Optional(Type.Union([Id, Type.Null()])),
            industryGroups: Type.Optional(Type.Array(Label, { maxItems: 50, uniqueItems: true })),
            certifications: Type.Optional(Type.Array(Certification, { maxItems: 50 })),
            reason: Type.Optional(Reason),
          },
          { additionalProperties: false },
        ),
        response: { 201: ManagerView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const body = request.body;
      const manager = await app.managers.create(
        institutionId,
        {
          userId: new ObjectId(body.userId),
          grade: body.grade,
          teamRole: body.teamRole,
          supervisorId: optionalId(body.supervisorId) ?? null,
          industryGroups: body.industryGroups ?? [],
          certifications: certificationsOf(body.certifications ?? []),
          reason: body.reason ?? 'initial grade',
        },
        request.actor,
      );
      return reply.status(201).send(managerView(manager));
    },
  );

  app.get(
    '/:institutionId/managers/:managerId',
    {
      preHandler: members,
      schema: {
        tags: ['managers'],
        summary: 'One manager with their grade history',
        params: ManagerParams,
        response: { 200: ManagerView, ...errors(401, 403, 404) },
      },
    },
    async (request) =>
      managerView(
        await app.managers.read(request.institutionId, idOf(request.params.managerId), userOf(request)),
      ),
  );

  app.patch(
    '/:institutionId/managers/:managerId',
    {
      preHandler: admins,
      schema: {
        tags: ['managers'],
        summary: "Change a manager's team role, supervisor, industry groups or certifications",
        params: ManagerParams,
        body: Type.Object(
          {
            rev: Rev,
            teamRole: Type.Optional(TeamRole),
            supervisorId: Type.Optional(Type.Union([Id, Type.Null()])),
            industryGroups: Type.Optional(Type.Array(Label, { maxItems: 50, uniqueItems: true })),
            certifications: Type.Optional(Type.Array(Certification, { maxItems: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ManagerView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const id = idOf(request.params.managerId);
      const { rev, supervisorId, certifications, ...rest } = request.body;
      const supervisor = optionalId(supervisorId);
      await app.managers.update(
        institutionId,
        id,
        rev,
        {
          ...rest,
          ...(supervisor === undefined ? {} : { supervisorId: supervisor }),
          ...(certifications ? { certifications: certificationsOf(certifications) } : {}),
        },
        request.actor,
      );
      return managerView(await app.managers.read(institutionId, id, userOf(request)));
    },
  );

  app.post(
    '/:institutionId/managers/:managerId/grade',
    {
      preHandler: admins,
      schema: {
        tags: ['managers'],
        summary: "Change a manager's grade, with the reason kept in their grade history",
        params: ManagerParams,
        body: Type.Object({ rev: Rev, grade: Grade, reason: Reason }, { additionalProperties: false }),
        response: { 200: ManagerView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const id = idOf(request.params.managerId);
      const { rev, grade, reason } = request.body;
      await app.managers.changeGrade(institutionId, id, rev, { grade, reason }, request.actor);
      return managerView(await app.managers.read(institutionId, id, userOf(request)));
    },
  );
};

export default routes;
