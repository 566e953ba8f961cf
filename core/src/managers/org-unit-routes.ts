import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, ORG_UNIT_KINDS, ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import type { OrgUnitDoc } from './org-units.js';
import { InstitutionId, optionalId } from './route-kit.js';

// The org tree; the managers placed in it are in routes.ts.

const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$' });
const Kind = Type.Enum(ORG_UNIT_KINDS);

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

const UnitParams = Type.Object(
  { institutionId: InstitutionId, unitId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const members = app.requireRole(...ROLES);

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
};

export default routes;
