import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, Id, InstitutionParams, Timestamp } from '../infra/schemas.js';
import type { EventDoc } from './service.js';

const EventView = Type.Object({
  id: Id,
  at: Timestamp,
  actor: Type.Union([Type.Object({ id: Id, name: Type.String(), email: Type.String() }), Type.Null()]),
  action: Type.String(),
  target: Type.Object({ collection: Type.String(), id: Type.String() }),
  summary: Type.Optional(Type.String()),
});

function eventView(e: EventDoc) {
  return {
    id: e._id.toHexString(),
    at: e.at.toISOString(),
    actor: e.actor && { id: e.actor.id.toHexString(), name: e.actor.name, email: e.actor.email },
    action: e.action,
    target: e.target,
    ...(e.summary === undefined ? {} : { summary: e.summary }),
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:institutionId/events',
    {
      preHandler: app.requireRole(...ADMIN_ROLES),
      schema: {
        tags: ['events'],
        summary: "The institution's activity log, newest first",
        params: InstitutionParams,
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            before: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(EventView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { limit, before } = request.query;
      const items = await app.events.list(institutionId, {
        limit,
        ...(before ? { before: new Date(before) } : {}),
      });
      return { items: items.map(eventView) };
    },
  );
};

export default routes;
