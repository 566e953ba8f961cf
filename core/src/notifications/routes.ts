import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { NOTIFICATION_KINDS, ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { errors, Id, InstitutionParams, Message, Timestamp } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';

const NotificationView = Type.Object({
  id: Id,
  kind: Type.Enum(NOTIFICATION_KINDS),
  /** What it is about: a workflow instance or an audit. */
  instanceId: Type.Optional(Id),
  auditId: Type.Optional(Id),
  title: Message,
  read: Type.Boolean(),
  createdAt: Timestamp,
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const members = app.requireRole(...ROLES);
  const tags = ['notifications'];

  app.get(
    '/:institutionId/notifications',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'My notifications, newest first, with the unread count',
        params: InstitutionParams,
        querystring: Type.Object({ unread: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ items: Type.Array(NotificationView), unread: Type.Integer() }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { items, unread } = await app.notifications.list(
        institutionId,
        userOf(request)._id,
        request.query.unread ?? false,
      );
      return {
        unread,
        items: items.map((n) => ({
          id: n._id.toHexString(),
          kind: n.kind,
          ...(n.instanceId ? { instanceId: n.instanceId.toHexString() } : {}),
          ...(n.auditId ? { auditId: n.auditId.toHexString() } : {}),
          title: n.title,
          read: n.read,
          createdAt: n.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/:institutionId/notifications/read',
    {
      preHandler: members,
      schema: {
        tags,
        summary: 'Mark one notification (or, without an id, all of mine) read',
        params: InstitutionParams,
        body: Type.Object({ id: Type.Optional(Id) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const { id } = request.body;
      await app.notifications.markRead(institutionId, userOf(request)._id, id ? idOf(id) : undefined);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
