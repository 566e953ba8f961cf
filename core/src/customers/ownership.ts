import type { Filter, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import type { UserDoc } from '../users/service.js';
import {
  type CustomerDoc,
  type CustomerQuery,
  type Owners,
  type OwnershipChange,
  type Problem,
  problemAt,
} from './model.js';
import { CustomerSettings } from './settings.js';

// Who owns a customer and so who may see it: the scope of a viewer (read, list), the checks on a
// relationship manager and product specialists, and reassigning a customer to others.

const ALL_SEEING = new Set(['platform_admin', 'institution_admin', 'auditor']);

const sameIds = (a: readonly ObjectId[], b: readonly ObjectId[]) =>
  a.length === b.length && a.every((id) => b.some((other) => other.equals(id)));

export class CustomerOwnership extends CustomerSettings {
  /**
   * The customers `viewer` may see: admins and auditors all; a supervisor those whose relationship
   * manager works in their unit or below; a manager those they own or serve as product specialist.
   */
  async scopeFilter(institutionId: ObjectId, viewer: UserDoc): Promise<Filter<CustomerDoc>> {
    if (ALL_SEEING.has(viewer.role)) return {};
    if (viewer.role === 'manager')
      return { $or: [{ relationshipManagerId: viewer._id }, { productSpecialistIds: viewer._id }] };
    return { relationshipManagerId: { $in: await this.managerIdsInScope(institutionId, viewer) } };
  }

  /** Managers whose unit `viewer` may see (none for a viewer without a unit). */
  async managerIdsInScope(institutionId: ObjectId, viewer: UserDoc): Promise<ObjectId[]> {
    const scope = await this.orgUnits.scopeOf(institutionId, viewer);
    const users = await this.users.list(institutionId);
    return users
      .filter((u) => u.role === 'manager')
      .filter((u) => scope.all || (u.orgUnitId ? scope.unitIds.has(u.orgUnitId.toHexString()) : false))
      .map((u) => u._id);
  }

  /** A customer `viewer` may see; any other answers 404, as another institution's would. */
  async read(institutionId: ObjectId, id: ObjectId, viewer: UserDoc): Promise<CustomerDoc> {
    const found = await this.tenant(institutionId).findOne({
      _id: id,
      ...(await this.scopeFilter(institutionId, viewer)),
    });
    if (!found) throw new Errors.NOT_FOUND();
    return found;
  }

  async list(
    institutionId: ObjectId,
    viewer: UserDoc,
    query: CustomerQuery,
  ): Promise<{ items: CustomerDoc[]; total: number }> {
    const filter: Filter<CustomerDoc> = { ...(await this.scopeFilter(institutionId, viewer)) };
    const and: Filter<CustomerDoc>[] = [];
    if (query.frequency) filter['classification.frequency'] = query.frequency;
    if (query.size) filter['classification.size'] = query.size;
    if (query.kind) filter.kind = query.kind;
    if (query.industryGroup) filter.industryGroup = query.industryGroup;
    if (query.managerId)
      and.push({
        $or: [{ relationshipManagerId: query.managerId }, { productSpecialistIds: query.managerId }],
      });
    if (query.q) {
      const q = query.q.toLowerCase();
      // Names and codes are searched in memory-free form: a prefix of the code or a part of the name.
      const escaped = q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      and.push({
        $or: [
          { code: { $regex: `^${escaped}`, $options: 'i' } },
          { name: { $regex: escaped, $options: 'i' } },
        ],
      });
    }
    if (and.length > 0) filter.$and = and;
    const tenant = this.tenant(institutionId);
    const [items, total] = await Promise.all([
      tenant.find(filter, {
        sort: { code: 1 },
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
      tenant.countDocuments(filter),
    ]);
    return { items, total };
  }

  /**
   * Every problem with who is to own a customer: the relationship manager must be an active
   * manager the viewer may assign (a manager only themself; a supervisor one in their units);
   * product specialists active managers of the institution, not the relationship manager.
   */
  protected async ownerProblems(
    institutionId: ObjectId,
    owners: Owners,
    viewer: UserDoc,
  ): Promise<Problem[]> {
    const problems: Problem[] = [];
    const rm = owners.relationshipManagerId;
    if (rm) {
      if (viewer.role === 'manager' && !rm.equals(viewer._id))
        problems.push(
          problemAt(
            '/relationshipManagerId',
            'a manager keeps files of their own customers only',
            '客户经理只能为自己名下的客户建档',
          ),
        );
      else if (!(await this.isActiveManager(institutionId, rm)))
        problems.push(
          problemAt(
            '/relationshipManagerId',
            'not an active manager of this institution',
            '不是本机构在职的客户经理',
          ),
        );
      else if (
        viewer.role === 'supervisor' &&
        !(await this.managerIdsInScope(institutionId, viewer)).some((id) => id.equals(rm))
      )
        problems.push(
          problemAt(
            '/relationshipManagerId',
            'this manager is outside your units',
            '该客户经理不在您管辖的机构内',
          ),
        );
    }
    for (const [i, id] of owners.productSpecialistIds.entries()) {
      if (rm?.equals(id))
        problems.push(
          problemAt(
            `/productSpecialistIds/${i}`,
            'the relationship manager cannot also be a product specialist',
            '关系经理不能同时担任产品经理',
          ),
        );
      else if (owners.productSpecialistIds.findIndex((other) => other.equals(id)) !== i)
        problems.push(problemAt(`/productSpecialistIds/${i}`, 'listed twice', '重复列出'));
      else if (!(await this.isActiveManager(institutionId, id)))
        problems.push(
          problemAt(
            `/productSpecialistIds/${i}`,
            'not an active manager of this institution',
            '不是本机构在职的客户经理',
          ),
        );
    }
    return problems;
  }

  private async isActiveManager(institutionId: ObjectId, id: ObjectId): Promise<boolean> {
    const user = await this.users.get(institutionId, id).catch(() => null);
    if (!user || user.disabled || user.role !== 'manager') return false;
    // A manager always sees their own profile: reading it as themself asks only "does it exist".
    return this.managers.read(institutionId, id, user).then(
      () => true,
      () => false,
    );
  }

  /** Moves a customer to other managers, keeping who did it, when, from whom to whom and why. */
  async reassign(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    change: Partial<Owners> & { reason: string },
    viewer: UserDoc,
    actor: Actor,
  ): Promise<CustomerDoc> {
    const current = await this.read(institutionId, id, viewer);
    if (current.rev !== rev) throw new Errors.CONFLICT();
    const from: Owners = {
      relationshipManagerId: current.relationshipManagerId,
      productSpecialistIds: current.productSpecialistIds,
    };
    const to: Owners = {
      relationshipManagerId: change.relationshipManagerId ?? current.relationshipManagerId,
      productSpecialistIds: change.productSpecialistIds ?? current.productSpecialistIds,
    };
    const rmChanged = !to.relationshipManagerId?.equals(current.relationshipManagerId);
    if (!rmChanged && sameIds(to.productSpecialistIds, from.productSpecialistIds))
      throw new Errors.CUSTOMERS_SAME_OWNERS();
    const problems = await this.ownerProblems(
      institutionId,
      // An unchanged relationship manager needs no new check (a supervisor may edit specialists).
      { ...to, relationshipManagerId: rmChanged ? to.relationshipManagerId : null },
      viewer,
    );
    if (problems.length > 0) throw validationError(problems);
    const entry: OwnershipChange = { at: new Date(), by: actor, from, to, reason: change.reason };
    const updated = await this.tenant(institutionId).updateGuarded(
      id,
      rev,
      {
        relationshipManagerId: to.relationshipManagerId as ObjectId,
        productSpecialistIds: to.productSpecialistIds,
        ownershipHistory: [...current.ownershipHistory, entry],
      },
      entry.at,
    );
    await this.record(institutionId, actor, 'customer.reassigned', id, `${updated.code}: ${change.reason}`);
    return updated;
  }
}
