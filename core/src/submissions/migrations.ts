import { getAt, setAt } from '@rapport/schemas';
import fp from 'fastify-plugin';
import type { Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService } from '../forms/service.js';
import { Errors } from '../infra/errors.js';
import { TenantCollection } from '../infra/tenant.js';
import type { SubmissionDoc, SubmissionsService } from './service.js';

declare module 'fastify' {
  interface FastifyInstance {
    migrations: MigrationsService;
  }
}

/** One field moved by a migration: `to: null` drops it. */
export interface FieldMove {
  from: string;
  to: string | null;
}

/** What a migrated submission was, so the migration can be reverted. */
interface MigratedItem {
  submissionId: ObjectId;
  before: Pick<SubmissionDoc, 'version' | 'data' | 'score'>;
  /** The submission's rev right after migrating; a later change makes reverting it a conflict. */
  afterRev: number;
}

export interface MigrationDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  formId: ObjectId;
  toVersion: number;
  mapping: FieldMove[];
  items: MigratedItem[];
  by: Actor;
  at: Date;
  revertedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Why one submission was not moved: its save's problems, or one message in both languages. */
export interface MigrationProblem {
  in?: string;
  path: string;
  message: string | { zh: string; en: string };
}

export interface MigrationOutcome {
  migration: MigrationDoc;
  failed: { submissionId: string; problems: MigrationProblem[] }[];
}

/** The data after moving fields as the admin declared; untouched fields stay where they are. */
export function moveFields(data: Record<string, unknown>, mapping: FieldMove[]): Record<string, unknown> {
  const moved = structuredClone(data);
  const values = mapping.map((m) => getAt(data, m.from));
  for (const m of mapping) setAt(moved, m.from, undefined);
  mapping.forEach((m, i) => {
    if (m.to !== null && values[i] !== undefined) setAt(moved, m.to, values[i]);
  });
  return moved;
}

/**
 * Moves chosen submissions of a form to a newer version when fields were renamed or removed.
 * Each submission moves only if its moved data is valid against the target version; every move
 * is recorded and can be reverted.
 */
export class MigrationsService {
  constructor(
    private readonly migrations: Collection<MigrationDoc>,
    private readonly forms: FormsService,
    private readonly submissions: SubmissionsService,
    private readonly events: EventsService,
  ) {}

  private tenant(institutionId: ObjectId): TenantCollection<MigrationDoc> {
    return new TenantCollection(this.migrations, institutionId);
  }

  list(institutionId: ObjectId, formId: ObjectId): Promise<MigrationDoc[]> {
    return this.tenant(institutionId).find({ formId }, { sort: { at: -1 } });
  }

  async migrate(
    institutionId: ObjectId,
    formId: ObjectId,
    toVersion: number,
    mapping: FieldMove[],
    ids: ObjectId[],
    actor: Actor,
  ): Promise<MigrationOutcome> {
    const target = await this.forms.getVersion(institutionId, formId, toVersion);
    const submissions = this.submissions.tenant(institutionId);
    const items: MigratedItem[] = [];
    const failed: MigrationOutcome['failed'] = [];
    for (const id of ids) {
      const current = await submissions.findOne({ _id: id, formId });
      if (!current) {
        failed.push({
          submissionId: id.toHexString(),
          problems: [
            { path: '/', message: { en: 'no such submission of this form', zh: '此表单没有这条提交' } },
          ],
        });
        continue;
      }
      try {
        const prepared = await this.submissions.prepare(
          target,
          moveFields(current.data, mapping),
          current.status === 'submitted',
        );
        const updated = await submissions.updateGuarded(id, current.rev, {
          data: prepared.data,
          score: prepared.score,
          version: toVersion,
        });
        items.push({
          submissionId: id,
          before: { version: current.version, data: current.data, score: current.score },
          afterRev: updated.rev,
        });
      } catch (err) {
        failed.push({
          submissionId: id.toHexString(),
          problems: (err as { details?: MigrationProblem[] }).details ?? [
            { path: '/', message: (err as Error).message },
          ],
        });
      }
    }
    const migration = await this.tenant(institutionId).insertOne({
      formId,
      toVersion,
      mapping,
      items,
      by: actor,
      at: new Date(),
      revertedAt: null,
    });
    await this.record(migration, actor, 'form.migrated', `${items.length} → v${toVersion}`);
    return { migration, failed };
  }

  /** Puts every migrated submission back as it was, unless it changed since (a conflict, left as is). */
  async revert(
    institutionId: ObjectId,
    formId: ObjectId,
    id: ObjectId,
    actor: Actor,
  ): Promise<{ reverted: string[]; conflicts: string[] }> {
    const migration = await this.tenant(institutionId).findOne({ _id: id, formId });
    if (!migration) throw new Errors.NOT_FOUND();
    if (migration.revertedAt) throw new Errors.CONFLICT();
    const submissions = this.submissions.tenant(institutionId);
    const reverted: string[] = [];
    const conflicts: string[] = [];
    for (const item of migration.items) {
      try {
        await submissions.updateGuarded(item.submissionId, item.afterRev, item.before);
        reverted.push(item.submissionId.toHexString());
      } catch {
        conflicts.push(item.submissionId.toHexString());
      }
    }
    await this.tenant(institutionId).updateGuarded(id, migration.rev, { revertedAt: new Date() });
    await this.record(
      migration,
      actor,
      'form.migration-reverted',
      `${reverted.length} reverted, ${conflicts.length} conflicts`,
    );
    return { reverted, conflicts };
  }

  private async record(m: MigrationDoc, actor: Actor, action: string, summary: string): Promise<void> {
    await this.events.record({
      institutionId: m.institutionId,
      actor,
      action,
      target: { collection: 'migrations', id: m._id.toHexString() },
      summary,
    });
  }
}

export default fp(
  async (app) => {
    app.decorate(
      'migrations',
      new MigrationsService(
        app.mongo.db.collection<MigrationDoc>('migrations'),
        app.forms,
        app.submissions,
        app.events,
      ),
    );
  },
  {
    name: 'migrations-service',
    dependencies: ['mongo', 'forms-service', 'submissions-service', 'events-service'],
  },
);
