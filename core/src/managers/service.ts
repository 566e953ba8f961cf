import type { Grade, Message, TeamRole } from '@rapport/schemas';
import fp from 'fastify-plugin';
import type { Collection, Filter, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { UserDoc, UsersService } from '../users/service.js';
import { type OrgUnitsService, pathOf, subtreeOf, type UnitScope } from './org-units.js';

declare module 'fastify' {
  interface FastifyInstance {
    managers: ManagersService;
  }
}

export interface Certification {
  name: string;
  certifiedAt: Date;
  /** The exam score, when certification came with one. */
  score?: number;
}

/** One change of grade: from what to what, why, and the decision behind it. */
export interface GradeChange {
  at: Date;
  from: Grade | null;
  to: Grade;
  reason: string;
  /** Who decided, and the workflow instance that approved it if one did. */
  decidedBy: Actor;
  instanceId?: ObjectId;
}

/**
 * A manager's profile. Its `_id` is the manager's user id, so a manager is one id across the
 * platform (workflow subjects, customer ownership, audits). The org unit is the user's own.
 */
export interface ManagerDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  grade: Grade;
  teamRole: TeamRole;
  /** The supervisor named for this manager; without one, the supervisors of their unit and above. */
  supervisorId: ObjectId | null;
  /** Industry groups served (government, schools, hospitals …), as the institution names them. */
  industryGroups: string[];
  certifications: Certification[];
  gradeHistory: GradeChange[];
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A manager with the person behind the profile. */
export interface Manager {
  profile: ManagerDoc;
  user: UserDoc;
}

export interface NewManager {
  userId: ObjectId;
  grade: Grade;
  teamRole: TeamRole;
  supervisorId: ObjectId | null;
  industryGroups: string[];
  certifications: Certification[];
  reason: string;
}

export type ManagerChanges = Partial<
  Pick<ManagerDoc, 'teamRole' | 'supervisorId' | 'industryGroups' | 'certifications'>
>;

export interface ManagerQuery {
  /** This unit and every unit below it. */
  orgUnitId?: ObjectId;
  grade?: Grade;
  page: number;
  pageSize: number;
}

const NOT_A_SUPERVISOR: Message = {
  en: 'not an active supervisor of this institution',
  zh: '不是本机构在职的主管',
};

export class ManagersService {
  constructor(
    private readonly managers: Collection<ManagerDoc>,
    private readonly users: UsersService,
    private readonly orgUnits: OrgUnitsService,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.managers.createIndex({ institutionId: 1, grade: 1 });
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.managers, institutionId);
  }

  private async checkSupervisor(institutionId: ObjectId, supervisorId: ObjectId | null | undefined) {
    if (!supervisorId) return;
    const supervisor = await this.users.get(institutionId, supervisorId).catch(() => null);
    if (!supervisor || supervisor.disabled || supervisor.role !== 'supervisor')
      throw validationError([{ in: 'body', path: '/supervisorId', message: NOT_A_SUPERVISOR }]);
  }

  async create(institutionId: ObjectId, input: NewManager, actor: Actor): Promise<Manager> {
    const user = await this.users.get(institutionId, input.userId);
    if (user.role !== 'manager') throw new Errors.MANAGERS_NOT_A_MANAGER();
    await this.checkSupervisor(institutionId, input.supervisorId);
    const now = new Date();
    const profile: ManagerDoc = {
      _id: user._id,
      institutionId,
      grade: input.grade,
      teamRole: input.teamRole,
      supervisorId: input.supervisorId,
      industryGroups: input.industryGroups,
      certifications: input.certifications,
      gradeHistory: [{ at: now, from: null, to: input.grade, reason: input.reason, decidedBy: actor }],
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.managers, profile, () => new Errors.MANAGERS_EXISTS());
    await this.record(institutionId, actor, 'manager.created', profile._id, `${user.email} (${input.grade})`);
    return { profile, user };
  }

  /** Removes the profiles of users who are removed. */
  async removeMany(institutionId: ObjectId, userIds: ObjectId[]): Promise<void> {
    await this.tenant(institutionId).deleteMany({ _id: { $in: userIds } });
  }

  /** A manager `viewer` may see (404 otherwise, as for another institution's). */
  async read(institutionId: ObjectId, id: ObjectId, viewer: UserDoc): Promise<Manager> {
    const [profile, user] = await Promise.all([
      this.tenant(institutionId).get(id),
      this.users.get(institutionId, id),
    ]);
    if (!isInScope(await this.orgUnits.scopeOf(institutionId, viewer), user, viewer))
      throw new Errors.NOT_FOUND();
    return { profile, user };
  }

  /** Every manager whose account is active, with the person; for launching cycles and reports. */
  async active(institutionId: ObjectId): Promise<Manager[]> {
    const [profiles, users] = await Promise.all([
      this.tenant(institutionId).find({}),
      this.users.list(institutionId),
    ]);
    const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
    return profiles.flatMap((profile) => {
      const user = byId.get(profile._id.toHexString());
      return user && !user.disabled ? [{ profile, user }] : [];
    });
  }

  /**
   * Whether `viewer` may see a manager (by the tree; a manager only themself), as a test built once:
   * the viewer's scope is read a single time however many people are tested.
   */
  async visibilityFor(institutionId: ObjectId, viewer: UserDoc): Promise<(person: UserDoc) => boolean> {
    const scope = await this.orgUnits.scopeOf(institutionId, viewer);
    return (person) => isInScope(scope, person, viewer);
  }

  /** The managers `viewer` may see, by unit (with the units below it) and grade, ordered by name. */
  async list(
    institutionId: ObjectId,
    viewer: UserDoc,
    query: ManagerQuery,
  ): Promise<{ items: Manager[]; total: number }> {
    const scope = await this.orgUnits.scopeOf(institutionId, viewer);
    const under = query.orgUnitId
      ? subtreeOf(await this.orgUnits.list(institutionId), query.orgUnitId)
      : null;
    const filter: Filter<ManagerDoc> = query.grade ? { grade: query.grade } : {};
    const [profiles, users] = await Promise.all([
      this.tenant(institutionId).find(filter),
      this.users.list(institutionId),
    ]);
    const byId = new Map(users.map((u) => [u._id.toHexString(), u]));
    const all = profiles
      .map((profile) => ({ profile, user: byId.get(profile._id.toHexString()) }))
      .filter((m): m is Manager => m.user !== undefined)
      .filter((m) => isInScope(scope, m.user, viewer))
      .filter((m) => !under || under.has(m.user.orgUnitId?.toHexString() ?? ''))
      .sort(
        (a, b) => a.user.name.localeCompare(b.user.name, 'zh-CN') || a.user.email.localeCompare(b.user.email),
      );
    const start = (query.page - 1) * query.pageSize;
    return { items: all.slice(start, start + query.pageSize), total: all.length };
  }

  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: ManagerChanges,
    actor: Actor,
  ): Promise<ManagerDoc> {
    await this.checkSupervisor(institutionId, changes.supervisorId);
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, changes);
    await this.record(institutionId, actor, 'manager.updated', id, Object.keys(changes).join(', '));
    return updated;
  }

  /** Moves a manager to another grade, keeping the change, its reason and the decision in the history. */
  async changeGrade(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    change: { grade: Grade; reason: string; instanceId?: ObjectId },
    actor: Actor,
  ): Promise<ManagerDoc> {
    const current = await this.tenant(institutionId).get(id);
    if (current.rev !== rev) throw new Errors.CONFLICT();
    if (current.grade === change.grade) throw new Errors.MANAGERS_SAME_GRADE();
    const entry: GradeChange = {
      at: new Date(),
      from: current.grade,
      to: change.grade,
      reason: change.reason,
      decidedBy: actor,
      ...(change.instanceId ? { instanceId: change.instanceId } : {}),
    };
    const updated = await this.tenant(institutionId).updateGuarded(
      id,
      rev,
      { grade: change.grade, gradeHistory: [...current.gradeHistory, entry] },
      entry.at,
    );
    await this.record(
      institutionId,
      actor,
      'manager.grade-changed',
      id,
      `${current.grade} → ${change.grade}`,
    );
    return updated;
  }

  /**
   * The supervisors of a person, for workflows' "the subject's supervisor": the one named on their
   * manager profile if active; else the active supervisors of the nearest unit on their path up the
   * tree that has any. null when the person has no unit (the institution has no tree): any supervisor.
   */
  async supervisorsOf(institutionId: ObjectId, userId: ObjectId): Promise<ObjectId[] | null> {
    const [profile, users] = await Promise.all([
      this.tenant(institutionId).findOne({ _id: userId }),
      this.users.list(institutionId),
    ]);
    const supervisors = users.filter((u) => u.role === 'supervisor' && !u.disabled);
    const named = profile?.supervisorId
      ? supervisors.find((s) => s._id.equals(profile.supervisorId as ObjectId))
      : undefined;
    if (named) return [named._id];
    const person = users.find((u) => u._id.equals(userId));
    if (!person?.orgUnitId) return null;
    for (const unit of pathOf(await this.orgUnits.list(institutionId), person.orgUnitId)) {
      const here = supervisors.filter((s) => s.orgUnitId?.equals(unit));
      if (here.length > 0) return here.map((s) => s._id);
    }
    return [];
  }

  private record(institutionId: ObjectId, actor: Actor, action: string, id: ObjectId, summary: string) {
    return this.events.note(institutionId, actor, action, 'managers', id, summary);
  }
}

/** Whether `viewer` may see `person`: in scope by unit; a manager sees themself only. */
function isInScope(scope: UnitScope, person: UserDoc, viewer: UserDoc): boolean {
  if (viewer.role === 'manager') return viewer._id.equals(person._id);
  if (scope.all) return true;
  return person.orgUnitId ? scope.unitIds.has(person.orgUnitId.toHexString()) : false;
}

export default fp(
  async (app) => {
    const service = new ManagersService(
      app.mongo.db.collection<ManagerDoc>('managers'),
      app.users,
      app.orgUnits,
      app.events,
    );
    await service.ensureIndexes();
    app.decorate('managers', service);
  },
  {
    name: 'managers-service',
    dependencies: ['mongo', 'users-service', 'org-units-service', 'events-service'],
  },
);
