import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { INSTITUTION_ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { errors, InstitutionParams, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from './service.js';
import { UserView, userView } from './view.js';

const InstitutionRole = Type.Enum(INSTITUTION_ROLES);
const Password = Type.String({ minLength: 8, maxLength: 200, description: 'at least 8 characters' });
const Name = Type.String({ minLength: 1, maxLength: 100 });

const NewUser = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    name: Name,
    password: Password,
    role: InstitutionRole,
  },
  { additionalProperties: false },
);

const UserChanges = Type.Object(
  {
    rev: Rev,
    name: Type.Optional(Name),
    role: Type.Optional(InstitutionRole),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Password),
  },
  { additionalProperties: false },
);

const UserParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole('platform_admin', 'institution_admin');

  app.get(
    '/:institutionId/users',
    {
      preHandler: admins,
      schema: {
        tags: ['users'],
        summary: "An institution's users",
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(UserView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = await app.scopeOf(request, request.params.institutionId);
      return { items: (await app.users.list(institutionId)).map(userView) };
    },
  );

  app.post(
    '/:institutionId/users',
    {
      preHandler: admins,
      schema: {
        tags: ['users'],
        summary: 'Add a user to an institution',
        params: InstitutionParams,
        body: NewUser,
        response: { 201: UserView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = await app.scopeOf(request, request.params.institutionId);
      const created = await app.users.create(institutionId, request.body, actorOf(userOf(request)));
      return reply.status(201).send(userView(created));
    },
  );

  app.patch(
    '/:institutionId/users/:id',
    {
      preHandler: admins,
      schema: {
        tags: ['users'],
        summary: "Change a user's name, role or password, or disable them",
        params: UserParams,
        body: UserChanges,
        response: { 200: UserView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = await app.scopeOf(request, request.params.institutionId);
      const { rev, ...changes } = request.body;
      const updated = await app.users.update(
        institutionId,
        idOf(request.params.id),
        rev,
        changes,
        actorOf(userOf(request)),
      );
      // A reset password or a disabled account ends every open session of that user.
      if (changes.password !== undefined || changes.disabled === true)
        await app.auth.endSessionsOf(updated._id);
      return userView(updated);
    },
  );
};

export default routes;
