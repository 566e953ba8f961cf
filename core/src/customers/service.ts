import type { Message } from '@rapport/schemas';
import { isAdminRole, isTimeZone } from '@rapport/schemas';
import { type Collection, type Filter, MongoServerError, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService, FormVersionDoc } from '../forms/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { OrgUnitsService } from '../managers/org-units.js';
import type { ManagersService } from '../managers/service.js';
import type { SubmissionsService } from '../submissions/service.js';
import type { UserDoc, UsersService } from '../users/service.js';
import {
  type ClassificationRules,
  classify,
  DEFAULT_RULES,
  type FrequencyClass,
  rulesProblems,
  type SizeClass,
} from './classify.js';

/** A choice the institution names: a customer kind or an industry group. */
export interface Option {
  key: string;
  label: Message;
}

/**
 * How one institution runs customer files. The forms are named by key: the file form's latest
 * published version validates every file, so publishing a new version changes what files hold
 * from the next save on, and each file remembers the version it was saved against.
 */
export interface CustomerSettingsDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  /** The form whose fields make up a customer file; null: files hold no form data. */
  fileFormKey: string | null;
  /** The form a visit log is written on; null: a visit is its fixed fields only. */
  visitFormKey: string | null;
  /** The form of the weekly information entry; null: the entry is its notes only. */
  weeklyFormKey: string | null;
  kinds: Option[];
  industryGroups: Option[];
  rules: ClassificationRules;
  /** Where "today" and "this week" are reckoned. @defaultValue 'Asia/Shanghai' */
  timeZone: string;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export type SettingsInput = Pick<
  CustomerSettingsDoc,
  'fileFormKey' | 'visitFormKey' | 'weeklyFormKey' | 'kinds' | 'industryGroups' | 'rules' | 'timeZone'
>;

const label = (zh: string, en: string): Message => ({ zh, en });

export const DEFAULT_SETTINGS: SettingsInput = {
  fileFormKey: null,
  visitFormKey: null,
  weeklyFormKey: null,
  kinds: [
    { key: 'enterprise', label: label('企业', 'Enterprise') },
    { key: 'household', label: label('农户/家庭', 'Household') },
    { key: 'individual', label: label('个人', 'Individual') },
  ],
  // The industry groups of part 4 (postal): government, schools, hospitals, groups, banks, telecom …
  industryGroups: [
    { key: 'government', label: label('政府机关', 'Government') },
    { key: 'schools', label: label('学校', 'Schools') },
    { key: 'hospitals', label: label('医院', 'Hospitals') },
    { key: 'groups', label: label('集团客户', 'Groups') },
    { key: 'banks', label: label('银行', 'Banks') },
    { key: 'telecom', label: label('电信', 'Telecom') },
    { key: 'construction', label: label('建筑', 'Construction') },
    { key: 'commerce', label: label('商贸', 'Commerce') },
    { key: 'catering', label: label('餐饮', 'Catering') },
  ],
  rules: DEFAULT_RULES,
  timeZone: 'Asia/Shanghai',
};

/** Who looks after a customer: one relationship manager and any product specialists (dual-manager model). */
export interface Owners {
  relationshipManagerId: ObjectId | null;
  productSpecialistIds: ObjectId[];
}

export interface OwnershipChange {
  at: Date;
  by: Actor;
  from: Owners;
  to: Owners;
  reason: string;
}

/** The classes a customer was last given, and the activity behind them. */
export interface Classification {
  frequency: FrequencyClass;
  size: SizeClass;
  transactions: number;
  volume: number;
  /** The window, both days included. */
  from: Date;
  to: Date;
  computedAt: Date;
}

export interface CustomerDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  /** Unique in the institution; facts are imported by it, so it never changes. */
  code: string;
  name: string;
  kind: string;
  industryGroup: string | null;
  fileData: Record<string, unknown>;
  /** The form version the file data was last validated against. */
  fileForm: { key: string; version: number } | null;
  relationshipManagerId: ObjectId;
  productSpecialistIds: ObjectId[];
  ownershipHistory: OwnershipChange[];
  classification: Classification;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewCustomer {
  code: string;
  name: string;
  kind: string;
  industryGroup: string | null;
  fileData: Record<string, unknown>;
  relationshipManagerId: ObjectId;
  productSpecialistIds: ObjectId[];
}

export type CustomerChanges = Partial<Pick<NewCustomer, 'name' | 'kind' | 'industryGroup' | 'fileData'>>;

export interface CustomerQuery {
  q?: string;
  frequency?: FrequencyClass;
  size?: SizeClass;
  kind?: string;
  industryGroup?: string;
  managerId?: ObjectId;
  page: number;
  pageSize: number;
}

const ALL_SEEING = new Set(['platform_admin', 'institution_admin', 'auditor']);

type Problem = { in: string; path: string; message: Message };
const problemAt = (path: string, en: string, zh: string): Problem => ({
  in: 'body',
  path,
  message: { en, zh },
});

const sameIds = (a: readonly ObjectId[], b: readonly ObjectId[]) =>
  a.length === b.length && a.every((id) => b.some((other) => other.equals(id)));

export class CustomersService {
  constructor(
    readonly customers: Collection<CustomerDoc>,
    private readonly settingsStore: Collection<CustomerSettingsDoc>,
    private readonly users: UsersService,
    private readonly managers: ManagersService,
    private readonly orgUnits: OrgUnitsService,
    private readonly forms: FormsService,
    private readonly submissions: SubmissionsService,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.customers.createIndex({ institutionId: 1, code: 1 }, { unique: true });
    await this.customers.createIndex({ institutionId: 1, relationshipManagerId: 1 });
    await this.settingsStore.createIndex({ institutionId: 1 }, { unique: true });
  }

  tenant(institutionId: ObjectId): TenantCollection<CustomerDoc> {
    return new TenantCollection(this.customers, institutionId);
  }

  // ---- settings ----

  /** The institution's settings; the defaults (rev 0) until it saves its own. */
  async settings(institutionId: ObjectId): Promise<CustomerSettingsDoc> {
    const stored = await this.settingsStore.findOne({ institutionId });
    if (stored) return stored;
    const epoch = new Date(0);
    return {
      _id: institutionId,
      institutionId,
      ...DEFAULT_SETTINGS,
      rev: 0,
      createdAt: epoch,
      updatedAt: epoch,
    };
  }

  /** Saves the settings (rev 0 the first time); every problem is named at once. */
  async saveSettings(
    institutionId: ObjectId,
    rev: number,
    input: SettingsInput,
    actor: Actor,
  ): Promise<CustomerSettingsDoc> {
    const problems: Problem[] = rulesProblems(input.rules).map((p) => problemAt(p.path, p.en, p.zh));
    if (!isTimeZone(input.timeZone))
      problems.push(problemAt('/timeZone', 'not a known time zone', '不是可识别的时区'));
    for (const [field, list] of [
      ['kinds', input.kinds],
      ['industryGroups', input.industryGroups],
    ] as const) {
      const keys = list.map((o) => o.key);
      if (new Set(keys).size !== keys.length)
        problems.push(problemAt(`/${field}`, 'each key may appear once', '每个标识只能出现一次'));
    }
    for (const field of ['fileFormKey', 'visitFormKey', 'weeklyFormKey'] as const) {
      const key = input[field];
      if (key && !(await this.publishedForm(institutionId, key)))
        problems.push(
          problemAt(`/${field}`, 'no published form has this key', '没有以此为标识且已发布的表单'),
        );
    }
    if (problems.length > 0) throw validationError(problems);
    const now = new Date();
    let saved: CustomerSettingsDoc;
    if (rev === 0) {
      saved = { _id: new ObjectId(), institutionId, ...input, rev: 1, createdAt: now, updatedAt: now };
      await insertUnique(this.settingsStore, saved, () => new Errors.CONFLICT());
    } else {
      saved = await new TenantCollection(this.settingsStore, institutionId).updateGuarded(
        (await this.settings(institutionId))._id,
        rev,
        input,
        now,
      );
    }
    await this.record(institutionId, actor, 'customer-settings.saved', institutionId, 'settings');
    return saved;
  }

  /** The settings as stored (null: the institution has kept the defaults), to put back with `restoreSettings`. */
  storedSettings(institutionId: ObjectId): Promise<CustomerSettingsDoc | null> {
    return this.settingsStore.findOne({ institutionId });
  }

  async restoreSettings(institutionId: ObjectId, stored: CustomerSettingsDoc | null): Promise<void> {
    await this.settingsStore.deleteMany({ institutionId });
    if (stored) await this.settingsStore.insertOne(stored);
  }

  private async publishedForm(institutionId: ObjectId, key: string) {
    const forms = await this.forms.list(institutionId, { status: 'published' });
    return forms.find((f) => f.key === key && f.latestVersion !== null) ?? null;
  }

  /**
   * Form data as it will be stored, validated (computed fields included) against the latest
   * published version of the form `key`, the way a submission is. Without a form, no data.
   */
  async formData(
    institutionId: ObjectId,
    key: string | null,
    data: Record<string, unknown>,
    path: string,
  ): Promise<{ data: Record<string, unknown>; form: { key: string; version: number } | null }> {
    if (!key) {
      if (Object.keys(data).length > 0)
        throw validationError([
          problemAt(
            path,
            'the institution has chosen no form for this, so it holds no form data',
            '本机构未为此指定表单，不能填写表单数据',
          ),
        ]);
      return { data: {}, form: null };
    }
    const form = await this.publishedForm(institutionId, key);
    if (!form || form.latestVersion === null) throw new Errors.FORMS_NOT_FILLABLE();
    const version: FormVersionDoc = await this.forms.getVersion(institutionId, form._id, form.latestVersion);
    const prepared = await this.submissions.prepare(version, data, true);
    return { data: prepared.data, form: { key, version: version.version } };
  }

  // ---- scope ----

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

  // ---- changes ----

  /**
   * Every problem with who is to own a customer: the relationship manager must be an active
   * manager the viewer may assign (a manager only themself; a supervisor one in their units);
   * product specialists active managers of the institution, not the relationship manager.
   */
  private async ownerProblems(institutionId: ObjectId, owners: Owners, viewer: UserDoc): Promise<Problem[]> {
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

  private async choiceProblems(
    institutionId: ObjectId,
    input: Pick<CustomerChanges, 'kind' | 'industryGroup'>,
  ): Promise<Problem[]> {
    const settings = await this.settings(institutionId);
    const problems: Problem[] = [];
    if (input.kind !== undefined && !settings.kinds.some((k) => k.key === input.kind))
      problems.push(
        problemAt(
          '/kind',
          `not one of this institution's customer kinds (${settings.kinds.map((k) => k.key).join(', ')})`,
          `不是本机构的客户类型（${settings.kinds.map((k) => k.label.zh).join('、')}）`,
        ),
      );
    if (input.industryGroup && !settings.industryGroups.some((g) => g.key === input.industryGroup))
      problems.push(
        problemAt(
          '/industryGroup',
          "not one of this institution's industry groups",
          '不是本机构设定的行业分组',
        ),
      );
    return problems;
  }

  async create(
    institutionId: ObjectId,
    input: NewCustomer,
    viewer: UserDoc,
    actor: Actor,
  ): Promise<CustomerDoc> {
    const owners = {
      relationshipManagerId: input.relationshipManagerId,
      productSpecialistIds: input.productSpecialistIds,
    };
    const problems = [
      ...(await this.choiceProblems(institutionId, input)),
      ...(await this.ownerProblems(institutionId, owners, viewer)),
    ];
    if (problems.length > 0) throw validationError(problems);
    const settings = await this.settings(institutionId);
    const file = await this.formData(institutionId, settings.fileFormKey, input.fileData, '/fileData');
    const now = new Date();
    const doc: CustomerDoc = {
      _id: new ObjectId(),
      institutionId,
      code: input.code,
      name: input.name,
      kind: input.kind,
      industryGroup: input.industryGroup,
      fileData: file.data,
      fileForm: file.form,
      ...owners,
      ownershipHistory: [
        {
          at: now,
          by: actor,
          from: { relationshipManagerId: null, productSpecialistIds: [] },
          to: owners,
          reason: '',
        },
      ],
      // A new customer has no facts yet; the next import or nightly run counts them.
      classification: {
        ...classify(settings.rules, { transactions: 0, volume: 0 }),
        transactions: 0,
        volume: 0,
        from: now,
        to: now,
        computedAt: now,
      },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.customers, doc, () => new Errors.CUSTOMERS_CODE_TAKEN());
    await this.record(institutionId, actor, 'customer.created', doc._id, `${doc.code} ${doc.name}`);
    return doc;
  }

  /**
   * Opens many files at once (a plugin's demo data): each checked as `create` checks it — a kind,
   * group, file data or owner is checked once however many customers share it — then written together.
   * `since`: the day a customer of longer standing became one.
   */
  async createMany(
    institutionId: ObjectId,
    inputs: (NewCustomer & { since?: Date })[],
    viewer: UserDoc,
    actor: Actor,
  ): Promise<CustomerDoc[]> {
    const settings = await this.settings(institutionId);
    const checked = new Map<string, Awaited<ReturnType<CustomersService['formData']>>>();
    const owners = new Set<string>();
    const now = new Date();
    const docs: CustomerDoc[] = [];
    for (const input of inputs) {
      const choice = JSON.stringify([input.kind, input.industryGroup, input.fileData]);
      let file = checked.get(choice);
      if (!file) {
        const problems = await this.choiceProblems(institutionId, input);
        if (problems.length > 0) throw validationError(problems);
        file = await this.formData(institutionId, settings.fileFormKey, input.fileData, '/fileData');
        checked.set(choice, file);
      }
      const owner = JSON.stringify([input.relationshipManagerId, input.productSpecialistIds]);
      const pair = {
        relationshipManagerId: input.relationshipManagerId,
        productSpecialistIds: input.productSpecialistIds,
      };
      if (!owners.has(owner)) {
        const problems = await this.ownerProblems(institutionId, pair, viewer);
        if (problems.length > 0) throw validationError(problems);
        owners.add(owner);
      }
      docs.push({
        _id: new ObjectId(),
        institutionId,
        code: input.code,
        name: input.name,
        kind: input.kind,
        industryGroup: input.industryGroup,
        fileData: file.data,
        fileForm: file.form,
        ...pair,
        ownershipHistory: [
          {
            at: now,
            by: actor,
            from: { relationshipManagerId: null, productSpecialistIds: [] },
            to: pair,
            reason: '',
          },
        ],
        classification: {
          ...classify(settings.rules, { transactions: 0, volume: 0 }),
          transactions: 0,
          volume: 0,
          from: now,
          to: now,
          computedAt: now,
        },
        rev: 1,
        // A customer of longer standing (demo business with a history) keeps the day it became one.
        createdAt: input.since ?? now,
        updatedAt: now,
      });
    }
    if (docs.length === 0) return docs;
    try {
      await this.customers.insertMany(docs);
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) throw new Errors.CUSTOMERS_CODE_TAKEN();
      throw err;
    }
    await this.record(
      institutionId,
      actor,
      'customer.created',
      docs[0]?._id as ObjectId,
      `${docs.length} customers`,
    );
    return docs;
  }

  /** Changes the file; the owners (relationship manager, specialists) and supervisors in scope may. */
  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: CustomerChanges,
    viewer: UserDoc,
    actor: Actor,
  ): Promise<CustomerDoc> {
    await this.read(institutionId, id, viewer);
    const problems = await this.choiceProblems(institutionId, changes);
    if (problems.length > 0) throw validationError(problems);
    const { fileData, ...rest } = changes;
    const set: Partial<CustomerDoc> = { ...rest };
    if (fileData !== undefined) {
      const settings = await this.settings(institutionId);
      const file = await this.formData(institutionId, settings.fileFormKey, fileData, '/fileData');
      set.fileData = file.data;
      set.fileForm = file.form;
    }
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, set);
    await this.record(
      institutionId,
      actor,
      'customer.updated',
      id,
      `${updated.code}: ${Object.keys(changes).join(', ')}`,
    );
    return updated;
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

  /** Removes a customer file; its facts and visits go with it (they mean nothing without it). */
  async remove(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    actor: Actor,
    cleanUp: (id: ObjectId) => Promise<void>,
  ) {
    const current = await this.tenant(institutionId).get(id);
    const { deletedCount } = await this.customers.deleteOne({ _id: id, institutionId, rev });
    if (deletedCount === 0) throw new Errors.CONFLICT();
    await cleanUp(id);
    await this.record(institutionId, actor, 'customer.removed', id, current.code);
  }

  /** Removes many files at once (what a plugin's demo opened); their facts and visits are the caller's to take. */
  async removeMany(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    await this.customers.deleteMany({ institutionId, _id: { $in: ids } });
  }

  /** Stores computed classes; derived data, so no rev moves and no editor is turned away with 409. */
  async setClassifications(
    institutionId: ObjectId,
    classes: { id: ObjectId; classification: Classification }[],
  ): Promise<void> {
    if (classes.length === 0) return;
    await this.customers.bulkWrite(
      classes.map(({ id, classification }) => ({
        updateOne: { filter: { _id: id, institutionId }, update: { $set: { classification } } },
      })),
      { ordered: false },
    );
  }

  record(institutionId: ObjectId, actor: Actor, action: string, id: ObjectId, summary: string) {
    return this.events.note(institutionId, actor, action, 'customers', id, summary);
  }
}

export function isAdmin(user: UserDoc): boolean {
  return isAdminRole(user.role);
}
