import { dayIn, isoWeekOf, mondayOf } from '@rapport/schemas';
import { type Collection, type Filter, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { Manager, ManagersService } from '../managers/service.js';
import type { UserDoc } from '../users/service.js';
import type { CustomersService } from './service.js';

/** A manager's weekly information entry (客户信息周报): one per manager and ISO week. */
export interface WeeklyEntryDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  managerId: ObjectId;
  /** ISO week, `2025-W07`. */
  week: string;
  notes: string;
  data: Record<string, unknown>;
  form: { key: string; version: number } | null;
  enteredBy: Actor;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export class WeeklyEntriesService {
  constructor(
    readonly entries: Collection<WeeklyEntryDoc>,
    private readonly customers: CustomersService,
    private readonly managers: ManagersService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.entries.createIndex({ institutionId: 1, managerId: 1, week: 1 }, { unique: true });
    await this.entries.createIndex({ institutionId: 1, week: 1 });
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.entries, institutionId);
  }

  /** The week asked for, checked; else this week in the institution's time zone. */
  async weekOf(institutionId: ObjectId, week?: string, path = '/week'): Promise<string> {
    if (week === undefined)
      return isoWeekOf(dayIn(new Date(), (await this.customers.settings(institutionId)).timeZone));
    if (!mondayOf(week))
      throw validationError([
        {
          in: 'params',
          path,
          message: { en: 'not an ISO week such as 2025-W07', zh: '不是有效的 ISO 周（如 2025-W07）' },
        },
      ]);
    return week;
  }

  /**
   * Writes the manager's own entry for a week: rev 0 creates it, the rev read updates it. The data
   * is checked against the institution's weekly form; without one, the notes are the entry.
   */
  async save(
    institutionId: ObjectId,
    manager: UserDoc,
    week: string,
    rev: number,
    input: { notes: string; data: Record<string, unknown> },
    actor: Actor,
  ): Promise<WeeklyEntryDoc> {
    const checked = await this.weekOf(institutionId, week);
    const settings = await this.customers.settings(institutionId);
    if (!settings.weeklyFormKey && input.notes.trim() === '')
      throw validationError([
        {
          in: 'body',
          path: '/notes',
          message: { en: 'write this week’s information', zh: '请填写本周信息' },
        },
      ]);
    const content = await this.customers.formData(institutionId, settings.weeklyFormKey, input.data, '/data');
    const now = new Date();
    let saved: WeeklyEntryDoc;
    if (rev === 0) {
      saved = {
        _id: new ObjectId(),
        institutionId,
        managerId: manager._id,
        week: checked,
        notes: input.notes,
        data: content.data,
        form: content.form,
        enteredBy: actor,
        rev: 1,
        createdAt: now,
        updatedAt: now,
      };
      await insertUnique(this.entries, saved, () => new Errors.CONFLICT());
    } else {
      const current = await this.tenant(institutionId).findOne({ managerId: manager._id, week: checked });
      if (!current) throw new Errors.NOT_FOUND();
      saved = await this.tenant(institutionId).updateGuarded(
        current._id,
        rev,
        { notes: input.notes, data: content.data, form: content.form, enteredBy: actor },
        now,
      );
    }
    await this.customers.record(institutionId, actor, 'weekly-entry.saved', saved._id, checked);
    return saved;
  }

  /** Entries `viewer` may read: a manager their own; others those of managers they may see. */
  async list(
    institutionId: ObjectId,
    viewer: UserDoc,
    query: { week?: string; managerId?: ObjectId },
  ): Promise<WeeklyEntryDoc[]> {
    const filter: Filter<WeeklyEntryDoc> = {};
    if (query.week) filter.week = await this.weekOf(institutionId, query.week, '/week');
    const visible =
      viewer.role === 'manager'
        ? [viewer._id]
        : (await this.managersInScope(institutionId, viewer)).map((m) => m.profile._id);
    const allowed = query.managerId
      ? visible.filter((id) => id.equals(query.managerId as ObjectId))
      : visible;
    filter.managerId = { $in: allowed };
    return this.tenant(institutionId).find(filter, { sort: { week: -1, managerId: 1 }, limit: 1000 });
  }

  private async managersInScope(institutionId: ObjectId, viewer: UserDoc): Promise<Manager[]> {
    return (await this.managers.list(institutionId, viewer, { page: 1, pageSize: Number.MAX_SAFE_INTEGER }))
      .items;
  }

  /** Active managers `viewer` may see who have no entry for the week (this week unless given). */
  async missed(
    institutionId: ObjectId,
    viewer: UserDoc,
    week?: string,
  ): Promise<{ week: string; managers: Manager[] }> {
    const checked = await this.weekOf(institutionId, week);
    const managers = (await this.managersInScope(institutionId, viewer)).filter((m) => !m.user.disabled);
    const entered = new Set(
      (
        await this.tenant(institutionId).find({
          week: checked,
          managerId: { $in: managers.map((m) => m.profile._id) },
        })
      ).map((e) => e.managerId.toHexString()),
    );
    return { week: checked, managers: managers.filter((m) => !entered.has(m.profile._id.toHexString())) };
  }
}
