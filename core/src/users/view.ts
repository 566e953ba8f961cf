import { ROLES } from '@rapport/schemas';
import type { FastifyInstance } from 'fastify';
import { type Static, Type } from 'typebox';
import { Id, Message, Timestamp } from '../infra/schemas.js';
import type { UserDoc } from './service.js';

export const RoleSchema = Type.Enum(ROLES);

export const UserView = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  institutionId: Type.Union([Id, Type.Null()]),
  orgUnitId: Type.Union([Id, Type.Null()]),
  institution: Type.Optional(Type.Object({ id: Id, code: Type.String(), name: Message })),
  disabled: Type.Boolean(),
  rev: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type UserView = Static<typeof UserView>;

/** What the API shows of a user: never the password hash. */
export function userView(user: UserDoc): UserView {
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name,
    role: user.role,
    institutionId: user.institutionId?.toHexString() ?? null,
    orgUnitId: user.orgUnitId?.toHexString() ?? null,
    disabled: user.disabled,
    rev: user.rev,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

/** The signed-in user's own view, with their institution named. */
export async function toUserView(app: FastifyInstance, user: UserDoc): Promise<UserView> {
  const view = userView(user);
  if (!user.institutionId) return view;
  const institution = await app.institutions.get(user.institutionId);
  return {
    ...view,
    institution: { id: institution._id.toHexString(), code: institution.code, name: institution.name },
  };
}
