import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, GRADES, ORG_UNIT_KINDS, ROLES, TEAM_ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { actorView } from '../forms/views.js';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import type { GradeDefinition } from './grades.js';
import type { OrgUnitDoc } from './org-units.js';
import type { Manager } from './service.js';

const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$' });
const Kind = Type.Enum(ORG_UNIT_KINDS);
const Grade = Type.Enum(GRADES);
const TeamRole = Type.Enum(TEAM_ROLES);
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });
const Label = Type.String({ minLength: 1, maxLength: 100 });
const Certification = Type.Object(
  {
    name: Label,
    certifiedAt: Type.String({ format: 'date' }),
    score: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
);
const Paging = {
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};

const OrgUnitView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  kind: Kind,
  parentId: Type.Union([Id, Type.Null()]),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function orgUnitView(u: OrgUnitDoc) {
  return {
    id: u._id.toHexString(),
    code: u.code,
    name: u.name,
    kind: u.kind,
    parentId: u.parentId?.toHexString() ?? null,
    rev: u.rev,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}

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

const GradeView = Type.Object({
  grade: Grade,
  criteria: Message,
  customerTiers: Type.Array(Type.String()),
  products: Type.Array(Type.String()),
  baseSalary: Type.Number(),
  rev: Type.Integer({ description: '0 while the default applies' }),
});

const InstitutionId = Type.String({ maxLength: 64 });
const UnitParams = Type.Object(
  { institutionId: InstitutionId, unitId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const ManagerParams = Type.Object(
  { institutionId: InstitutionId, managerId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const GradeParams = Type.Object(
  { institutionId: InstitutionId, grade: Grade },
  { additionalProperties: false },
);

const certificationsOf = (list: { name: string; certifiedAt: string; score?: number }[]) =>
  list.map((c) => ({ ...c, certifiedAt: new Date(c.certifiedAt) }));
const optionalId = (raw: string | null | undefined) =>
  raw === undefined ? undefined : raw === null ? null : new ObjectId(raw);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const members = app.requireRole(...ROLES);

  // ---- org units ----

  app.get(
    '/:institutionId/org-units',
    {
      preHandler: members,
      schema: {
        tags: ['org units'],
        summary: 'The org tree as a flat list (each unit names its parent)',
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(OrgUnitView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await app.orgUnits.list(request.institutionId)).map(orgUnitView),
    }),
  );

  app.post(
    '/:institutionId/org-units',
    {
      preHandler: admins,
      schema: {
        tags: ['org units'],
        summary: 'Add a unit to the org tree',
        params: InstitutionParams,
        body: Type.Object(
          { code: Code, name: Message, kind: Kind, parentId: Type.Union([Id, Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 201: OrgUnitView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const { parentId, ...rest } = request.body;
      const unit = await app.orgUnits.create(
        institutionId,
        { ...rest, parentId: parentId ? new ObjectId(parentId) : null },
        request.actor,
      );
      return reply.status(201).send(orgUnitView(unit));
    },
  );

  app.patch(
    '/:institutionId/org-units/:unitId',
    {
      preHandler: admins,
      schema: {
        tags: ['org units'],
        summary: 'Rename a unit, or move it (with everything below it) under another',
        params: UnitParams,
        body: Type.Object(
          {
            rev: Rev,
            name: Type.Optional(Message),
            kind: Type.Optional(Kind),
            parentId: Type.Optional(Type.Union([Id, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: OrgUnitView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, parentId, ...rest } = request.body;
      const parent = optionalId(parentId);
      return orgUnitView(
        await app.orgUnits.update(
          institutionId,
          idOf(request.params.unitId),
          rev,
          { ...rest, ...(parent === undefined ? {} : { parentId: parent }) },
          request.actor,
        ),
      );
    },
  );

  app.delete(
    '/:institutionId/org-units/:unitId',
    {
      preHandler: admins,
      schema: {
        tags: ['org units'],
        summary: 'Remove an empty unit',
        params: UnitParams,
        querystring: Type.Object({ rev: Rev }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      await app.orgUnits.remove(institutionId, idOf(request.params.unitId), request.query.rev, request.actor);
      return reply.status(204).send(null);
    },
  );

  // ---- managers ----

  app.get(
    '/:institutionId/managers',
    {
      preHandler: members,
      schema: {
        tags: ['managers'],
        summary: 'Managers you may see (supervisors: their unit and below; managers: themselves)',
        params: InstitutionParams,
        querystring: Type.Object(
          { orgUnitId: Type.Optional(Id), grade: Type.Optional(Grade), ...Paging },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(ManagerView),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
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

  // ---- grade definitions ----

  app.get(
    '/:institutionId/grades',
    {
      preHandler: members,
      schema: {
        tags: ['managers'],
        summary: "The four grades as this institution defines them (the seed's defaults until changed)",
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(GradeView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: await app.grades.list(request.institutionId),
    }),
  );

  app.put(
    '/:institutionId/grades/:grade',
    {
      preHandler: admins,
      schema: {
        tags: ['managers'],
        summary: "Set a grade's criteria, customer tiers, products and base salary",
        params: GradeParams,
        body: Type.Object(
          {
            rev: Type.Integer({ minimum: 0 }),
            criteria: Type.Object(
              {
                zh: Type.String({ minLength: 1, maxLength: 4000 }),
                en: Type.String({ minLength: 1, maxLength: 4000 }),
              },
              { additionalProperties: false },
            ),
            customerTiers: Type.Array(Label, { maxItems: 20, uniqueItems: true }),
            products: Type.Array(Label, { maxItems: 100, uniqueItems: true }),
            baseSalary: Type.Number({ minimum: 0, maximum: 10_000_000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: GradeView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...rest } = request.body;
      const definition: GradeDefinition = { grade: request.params.grade, ...rest };
      return app.grades.set(institutionId, definition, rev, request.actor);
    },
  );
};

export default routes;
