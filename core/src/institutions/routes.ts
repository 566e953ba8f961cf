import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { INDUSTRIES, ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, Id, InstitutionParams, Message, Rev, Timestamp } from '../infra/schemas.js';
import type { InstitutionDoc } from './service.js';

const Industry = Type.Enum(INDUSTRIES);

const InstitutionView = Type.Object({
  id: Id,
  code: Type.String(),
  name: Message,
  industry: Industry,
  disabled: Type.Boolean(),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

function institutionView(doc: InstitutionDoc) {
  return {
    id: doc._id.toHexString(),
    code: doc.code,
    name: doc.name,
    industry: doc.industry,
    disabled: doc.disabled,
    rev: doc.rev,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

const NewInstitution = Type.Object(
  {
    code: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{1,39}$',
      description: 'lower-case letters, digits and -',
    }),
    name: Message,
    industry: Industry,
  },
  { additionalProperties: false },
);

const InstitutionChanges = Type.Object(
  {
    rev: Rev,
    name: Type.Optional(Message),
    industry: Type.Optional(Industry),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const platformAdmin = app.requireRole('platform_admin');

  app.get(
    '',
    {
      preHandler: platformAdmin,
      schema: {
        tags: ['institutions'],
        summary: 'All institutions (platform admin)',
        response: { 200: Type.Object({ items: Type.Array(InstitutionView) }), ...errors(401, 403) },
      },
    },
    async () => ({ items: (await app.institutions.list()).map(institutionView) }),
  );

  app.post(
    '',
    {
      preHandler: platformAdmin,
      schema: {
        tags: ['institutions'],
        summary: 'Create an institution (platform admin)',
        body: NewInstitution,
        response: { 201: InstitutionView, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const created = await app.institutions.create(request.body, request.actor);
      return reply.status(201).send(institutionView(created));
    },
  );

  app.get(
    '/:institutionId',
    {
      preHandler: app.requireRole(...ROLES),
      schema: {
        tags: ['institutions'],
        summary: 'One institution (its own members, or the platform admin)',
        params: InstitutionParams,
        response: { 200: InstitutionView, ...errors(401, 404) },
      },
    },
    async (request) => institutionView(await app.institutions.get(request.institutionId)),
  );

  app.patch(
    '/:institutionId',
    {
      preHandler: platformAdmin,
      schema: {
        tags: ['institutions'],
        summary: 'Rename, re-classify, disable or enable an institution (platform admin)',
        params: InstitutionParams,
        body: InstitutionChanges,
        response: { 200: InstitutionView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { rev, ...changes } = request.body;
      const id = request.institutionId;
      return institutionView(await app.institutions.update(id, rev, changes, request.actor));
    },
  );
};

export default routes;
