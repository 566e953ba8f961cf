import { isTimeZone } from '@rapport/schemas';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService, FormVersionDoc } from '../forms/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { OrgUnitsService } from '../managers/org-units.js';
import type { ManagersService } from '../managers/service.js';
import type { SubmissionsService } from '../submissions/service.js';
import type { UsersService } from '../users/service.js';
import { rulesProblems } from './classify.js';
import {
  type CustomerChanges,
  type CustomerDoc,
  type CustomerSettingsDoc,
  DEFAULT_SETTINGS,
  type Problem,
  problemAt,
  type SettingsInput,
} from './model.js';

// The ground the customers service stands on: its collections and services, and the institution's
// customer settings (forms, kinds, industry groups, classification rules, time zone). Ownership and
// scope (ownership.ts) and the files themselves (service.ts) build on it.

export class CustomerSettings {
  constructor(
    readonly customers: Collection<CustomerDoc>,
    private readonly settingsStore: Collection<CustomerSettingsDoc>,
    protected readonly users: UsersService,
    protected readonly managers: ManagersService,
    protected readonly orgUnits: OrgUnitsService,
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

  /** Every problem with a customer's kind and industry group: they must be among the institution's own. */
  protected async choiceProblems(
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

  record(institutionId: ObjectId, actor: Actor, action: string, id: ObjectId, summary: string) {
    return this.events.note(institutionId, actor, action, 'customers', id, summary);
  }
}
