import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, Id, InstitutionParams, Rev, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import type { WebhookDoc } from './service.js';

const Url = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2000,
  description: 'an http(s) address that accepts POST',
});
const Events = Type.Array(Type.String({ pattern: '^(\\*|[a-z]+(\\.[a-z-]+)+)$', maxLength: 64 }), {
  minItems: 1,
  maxItems: 50,
  uniqueItems: true,
});
const WebhookView = Type.Object({
  id: Id,
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  rev: Type.Integer(),
  createdAt: Timestamp,
});
const WebhookParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), webhookId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

function webhookView(w: WebhookDoc) {
  return {
    id: w._id.toHexString(),
    url: w.url,
    events: w.events,
    active: w.active,
    rev: w.rev,
    createdAt: w.createdAt.toISOString(),
  };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['webhooks'];

  app.get(
    '/:institutionId/webhooks',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "The institution's outbound webhooks",
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(WebhookView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: (await app.webhooks.list(request.institutionId)).map(webhookView),
    }),
  );

  app.post(
    '/:institutionId/webhooks',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Add a webhook; the signing secret is shown only in this answer',
        params: InstitutionParams,
        body: Type.Object({ url: Url, events: Events }, { additionalProperties: false }),
        response: {
          201: Type.Object({ ...WebhookView.properties, secret: Type.String() }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const hook = await app.webhooks.create(request.institutionId, request.body);
      return reply.status(201).send({ ...webhookView(hook), secret: hook.secret });
    },
  );

  app.patch(
    '/:institutionId/webhooks/:webhookId',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Change the address or events of a webhook, or pause it',
        params: WebhookParams,
        body: Type.Object(
          {
            rev: Rev,
            url: Type.Optional(Url),
            events: Type.Optional(Events),
            active: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: WebhookView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { rev, ...changes } = request.body;
      return webhookView(
        await app.webhooks.update(request.institutionId, idOf(request.params.webhookId), rev, changes),
      );
    },
  );

  app.get(
    '/:institutionId/webhooks/:webhookId/deliveries',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: "A webhook's delivery log, newest first",
        params: WebhookParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                id: Id,
                event: Type.String(),
                attempts: Type.Array(
                  Type.Object({
                    at: Timestamp,
                    status: Type.Union([Type.Integer(), Type.Null()]),
                    error: Type.Optional(Type.String()),
                  }),
                ),
                deliveredAt: Type.Union([Timestamp, Type.Null()]),
              }),
            ),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const deliveries = await app.webhooks.deliveriesOf(
        request.institutionId,
        idOf(request.params.webhookId),
      );
      return {
        items: deliveries.map((d) => ({
          id: d._id.toHexString(),
          event: d.event,
          attempts: d.attempts.map((a) => ({
            at: a.at.toISOString(),
            status: a.status,
            ...(a.error ? { error: a.error } : {}),
          })),
          deliveredAt: d.deliveredAt?.toISOString() ?? null,
        })),
      };
    },
  );
};

export default routes;
