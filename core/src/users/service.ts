import type { InstitutionRole, Role } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import { hashPassword } from '../auth/passwords.js';
import type { Actor, EventsService } from '../events/service.js';
import { Errors } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';

declare module 'fastify' {
  interface FastifyInstance {
    users: UsersService;
  }
}

export interface UserDoc {
  _id: ObjectId;
  /** null only for platform admins. */
  institutionId: ObjectId | null;
  email: string;
  name: string;
  role: Role;
  /** The org unit the user works in; none for platform admins and institutions without a tree. */
  orgUnitId?: ObjectId | null;
  passwordHash: string;
  disabled: boolean;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
  orgUnitId?: ObjectId | null;
}

export interface UserChanges {
  name?: string;
  role?: InstitutionRole;
  disabled?: boolean;
  password?: string;
  orgUnitId?: ObjectId | null;
}

export function actorOf(user: Pick<UserDoc, '_id' | 'name' | 'email'>): Actor {
  return { id: user._id, name: user.name, email: user.email };
}

export class UsersService {
  constructor(
    private readonly users: Collection<UserDoc>,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    // Email identifies a person at login, across institutions.
    await this.users.createIndex({ email: 1 }, { unique: true });
    await this.users.createIndex({ institutionId: 1, createdAt: 1 });
  }

  findByEmail(email: string): Promise<UserDoc | null> {
    return this.users.findOne({ email: email.toLowerCase() });
  }

  findById(id: ObjectId): Promise<UserDoc | null> {
    return this.users.findOne({ _id: id });
  }

  countPlatformAdmins(): Promise<number> {
    return this.users.countDocuments({ role: 'platform_admin' });
  }

  private tenant(institutionId: ObjectId): TenantCollection<UserDoc> {
    return new TenantCollection(this.users, institutionId);
  }

  list(institutionId: ObjectId): Promise<UserDoc[]> {
    return this.tenant(institutionId).find({}, { sort: { createdAt: 1 } });
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<UserDoc> {
    return this.tenant(institutionId).get(id);
  }

  async create(institutionId: ObjectId | null, input: NewUser, actor: Actor | null): Promise<UserDoc> {
    const { password, ...rest } = input;
    return this.createWithHash(institutionId, rest, await hashPassword(password), actor);
  }

  /** Creates a user whose password was hashed already (many demo users sharing one password). */
  async createWithHash(
    institutionId: ObjectId | null,
    input: Omit<NewUser, 'password'>,
    passwordHash: string,
    actor: Actor | null,
  ): Promise<UserDoc> {
    const now = new Date();
    const doc: UserDoc = {
      _id: new ObjectId(),
      institutionId,
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      orgUnitId: input.orgUnitId ?? null,
      passwordHash,
      disabled: false,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.users, doc, () => new Errors.USERS_EMAIL_TAKEN());
    await this.events.record({
      institutionId,
      actor,
      action: 'user.created',
      target: { collection: 'users', id: doc._id.toHexString() },
      summary: `${doc.email} (${doc.role})`,
    });
    return doc;
  }

  /** Removes users outright (what a plugin's demo created); their sessions, profiles and notifications are the caller's. */
  async removeMany(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    await this.users.deleteMany({ institutionId, _id: { $in: ids } });
  }

  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: UserChanges,
    actor: Actor,
  ): Promise<UserDoc> {
    if (actor.id.equals(id) && (changes.role !== undefined || changes.disabled === true)) {
      throw new Errors.USERS_CANNOT_DEMOTE_SELF();
    }
    const { password, ...rest } = changes;
    const set: Partial<UserDoc> = { ...rest };
    if (password !== undefined) set.passwordHash = await hashPassword(password);
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, set);
    await this.events.record({
      institutionId,
      actor,
      action: 'user.updated',
      target: { collection: 'users', id: id.toHexString() },
      summary: Object.keys(changes)
        .map((k) => (k === 'password' ? 'password reset' : k))
        .join(', '),
    });
    return updated;
  }
}

export default fp(
  async (app) => {
    const service = new UsersService(app.mongo.db.collection<UserDoc>('users'), app.events);
    await service.ensureIndexes();
    app.decorate('users', service);
  },
  { name: 'users-service', dependencies: ['mongo', 'events-service'] },
);
