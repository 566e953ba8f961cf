import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, INSTITUTION_ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { validationError } from '../infra/errors.js';
import { errors, Id, InstitutionParams, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
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
    orgUnitId: Type.Optional(Type.Union([Id, Type.Null()])),
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
    orgUnitId: Type.Optional(Type.Union([Id, Type.Null()])),
  },
  { additionalProperties: false },
);

const NO_SUCH_UNIT = { en: 'no such org unit in this institution', zh: '本机构没有该机构单元' };

const UserParams = Type.Object(
  { institutionId: Type.String({ maxLength: 64 }), id: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);

  /** The org unit a body names, checked to exist in the institution (undefined: unchanged, null: none). */
  const unitOf = async (institutionId: ObjectId, raw: string | null | undefined) => {
    if (raw === undefined || raw === null) return raw;
    const id = new ObjectId(raw);
    await app.orgUnits.get(institutionId, id).catch(() => {
      throw validationError([{ in: 'body', path: '/orgUnitId', message: NO_SUCH_UNIT }]);
    });
    return id;
  };

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
      const institutionId = request.institutionId;
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
      const institutionId = request.institutionId;
      const { orgUnitId, ...input } = request.body;
      const created = await app.users.create(
        institutionId,
        { ...input, orgUnitId: (await unitOf(institutionId, orgUnitId)) ?? null },
        request.actor,
      );
      return reply.status(201).send(userView(created));
    },
  );

  app.patch(
    '/:institutionId/users/:id',
    {
      preHandler: admins,
      schema: {
        tags: ['users'],
        summary: "Change a user's name, role, org unit or password, or disable them",
        params: UserParams,
        body: UserChanges,
        response: { 200: UserView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, orgUnitId, ...rest } = request.body;
      const unit = await unitOf(institutionId, orgUnitId);
      const changes = { ...rest, ...(unit === undefined ? {} : { orgUnitId: unit }) };
      const updated = await app.users.update(
        institutionId,
        idOf(request.params.id),
        rev,
        changes,
        request.actor,
      );
      // A reset password or a disabled account ends every open session of that user.
      if (changes.password !== undefined || changes.disabled === true)
        await app.auth.endSessionsOf([updated._id]);
      return userView(updated);
    },
  );
};

export default routes;
