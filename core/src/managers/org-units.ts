import { type Message, ORG_UNIT_KIND_LABELS, ORG_UNIT_KINDS, type OrgUnitKind } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { UserDoc, UsersService } from '../users/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    orgUnits: OrgUnitsService;
  }
}

/**
 * One unit of the org tree. Only the parent is stored: the tree of an institution is small (hundreds
 * of units), read whole, and a move is then one single-document update that cannot leave it half-moved.
 */
export interface OrgUnitDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  code: string;
  name: Message;
  kind: OrgUnitKind;
  parentId: ObjectId | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrgUnitInput {
  code: string;
  name: Message;
  kind: OrgUnitKind;
  parentId: ObjectId | null;
}

/** What a user may see of the tree: everything, or these units. */
export type UnitScope = { all: true } | { all: false; unitIds: Set<string> };

const depthOf = (kind: OrgUnitKind) => ORG_UNIT_KINDS.indexOf(kind);

/** The ids of `root` and every unit below it. */
export function subtreeOf(units: readonly OrgUnitDoc[], root: ObjectId): Set<string> {
  const children = new Map<string, string[]>();
  for (const u of units) {
    const parent = u.parentId?.toHexString();
    if (parent) children.set(parent, [...(children.get(parent) ?? []), u._id.toHexString()]);
  }
  const found = new Set<string>([root.toHexString()]);
  const queue = [root.toHexString()];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() as string) ?? []) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** `unit` and its ancestors, nearest first. */
export function pathOf(units: readonly OrgUnitDoc[], unit: ObjectId): ObjectId[] {
  const byId = new Map(units.map((u) => [u._id.toHexString(), u]));
  const path: ObjectId[] = [];
  let current = byId.get(unit.toHexString());
  while (current && path.length <= units.length) {
    path.push(current._id);
    current = current.parentId ? byId.get(current.parentId.toHexString()) : undefined;
  }
  return path;
}

export class OrgUnitsService {
  constructor(
    private readonly units: Collection<OrgUnitDoc>,
    private readonly users: UsersService,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.units.createIndex({ institutionId: 1, code: 1 }, { unique: true });
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.units, institutionId);
  }

  list(institutionId: ObjectId): Promise<OrgUnitDoc[]> {
    return this.tenant(institutionId).find({}, { sort: { code: 1 } });
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<OrgUnitDoc> {
    return this.tenant(institutionId).get(id);
  }

  /**
   * The units `user` may see: admins and auditors the whole tree; a supervisor their unit and every
   * unit below it; anyone else their own unit. Without a unit a non-admin sees none, unless the
   * institution has no tree at all (a small one, run as a single unit): then a supervisor sees all.
   */
  async scopeOf(institutionId: ObjectId, user: UserDoc): Promise<UnitScope> {
    if (['platform_admin', 'institution_admin', 'auditor'].includes(user.role)) return { all: true };
    if (!user.orgUnitId) {
      const treeless =
        user.role === 'supervisor' && (await this.tenant(institutionId).countDocuments({})) === 0;
      return treeless ? { all: true } : { all: false, unitIds: new Set() };
    }
    if (user.role !== 'supervisor') return { all: false, unitIds: new Set([user.orgUnitId.toHexString()]) };
    return { all: false, unitIds: subtreeOf(await this.list(institutionId), user.orgUnitId) };
  }

  /** Every problem of placing a unit of `kind` under `parentId` (moving `self`, if given). */
  private async placementProblems(
    institutionId: ObjectId,
    input: Pick<OrgUnitInput, 'kind' | 'parentId'>,
    self?: ObjectId,
  ) {
    const problems: { in: string; path: string; message: Message }[] = [];
    const add = (path: string, en: string, zh: string) =>
      problems.push({ in: 'body', path, message: { en, zh } });
    if (input.kind === 'head-office') {
      if (input.parentId) add('/parentId', 'a head office has no parent unit', '总行（总部）不能有上级机构');
      const others = await this.tenant(institutionId).find({ kind: 'head-office' });
      if (others.some((o) => !self || !o._id.equals(self)))
        add('/kind', 'the institution already has a head office', '本机构已有总行（总部）');
      return problems;
    }
    if (!input.parentId) {
      add(
        '/parentId',
        'every unit but the head office has a parent unit',
        '除总行（总部）外，每个机构都须有上级机构',
      );
      return problems;
    }
    const units = await this.list(institutionId);
    const parent = units.find((u) => u._id.equals(input.parentId as ObjectId));
    if (!parent) add('/parentId', 'no such parent unit in this institution', '本机构没有该上级机构');
    else if (depthOf(parent.kind) >= depthOf(input.kind))
      add(
        '/parentId',
        `a ${ORG_UNIT_KIND_LABELS[input.kind].en.toLowerCase()} cannot sit under a ${ORG_UNIT_KIND_LABELS[parent.kind].en.toLowerCase()}`,
        `${ORG_UNIT_KIND_LABELS[input.kind].zh}不能隶属于${ORG_UNIT_KIND_LABELS[parent.kind].zh}`,
      );
    if (self && parent && subtreeOf(units, self).has(parent._id.toHexString()))
      add(
        '/parentId',
        'a unit cannot move under itself or a unit below it',
        '机构不能移到自身或其下级机构之下',
      );
    return problems;
  }

  async create(institutionId: ObjectId, input: OrgUnitInput, actor: Actor): Promise<OrgUnitDoc> {
    const problems = await this.placementProblems(institutionId, input);
    if (problems.length > 0) throw validationError(problems);
    const now = new Date();
    const doc: OrgUnitDoc = {
      _id: new ObjectId(),
      institutionId,
      ...input,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.units, doc, () => new Errors.ORG_UNITS_CODE_TAKEN());
    await this.record(institutionId, actor, 'org-unit.created', doc._id, `${doc.code} (${doc.kind})`);
    return doc;
  }

  /** Renames or moves a unit (its whole subtree moves with it). */
  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: Partial<Omit<OrgUnitInput, 'code'>>,
    actor: Actor,
  ): Promise<OrgUnitDoc> {
    const current = await this.get(institutionId, id);
    const placed = { kind: changes.kind ?? current.kind, parentId: changes.parentId ?? current.parentId };
    if (changes.kind !== undefined || changes.parentId !== undefined) {
      const problems = await this.placementProblems(institutionId, placed, id);
      if (problems.length > 0) throw validationError(problems);
    }
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, changes);
    await this.record(
      institutionId,
      actor,
      'org-unit.updated',
      id,
      `${updated.code}: ${Object.keys(changes).join(', ')}`,
    );
    return updated;
  }

  /** Removes a unit with no units below it and nobody in it. */
  async remove(institutionId: ObjectId, id: ObjectId, rev: number, actor: Actor): Promise<void> {
    const unit = await this.get(institutionId, id);
    if (unit.rev !== rev) throw new Errors.CONFLICT();
    const children = await this.tenant(institutionId).countDocuments({ parentId: id });
    const members = (await this.users.list(institutionId)).filter((u) => u.orgUnitId?.equals(id)).length;
    if (children > 0 || members > 0) throw new Errors.ORG_UNITS_NOT_EMPTY();
    const { deletedCount } = await this.units.deleteOne({ _id: id, institutionId, rev });
    if (deletedCount === 0) throw new Errors.CONFLICT();
    await this.record(institutionId, actor, 'org-unit.removed', id, unit.code);
  }

  /** Removes units outright (what a plugin's demo created), once nobody is in them. */
  async removeMany(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    await this.tenant(institutionId).deleteMany({ _id: { $in: ids } });
  }

  private record(institutionId: ObjectId, actor: Actor, action: string, id: ObjectId, summary: string) {
    return this.events.note(institutionId, actor, action, 'org_units', id, summary);
  }
}

export default fp(
  async (app) => {
    const service = new OrgUnitsService(
      app.mongo.db.collection<OrgUnitDoc>('org_units'),
      app.users,
      app.events,
    );
    await service.ensureIndexes();
    app.decorate('orgUnits', service);
  },
  { name: 'org-units-service', dependencies: ['mongo', 'users-service', 'events-service'] },
);
