import { createHash } from 'node:crypto';
import {
  diffForms,
  type FormContent,
  type FormDiff,
  type FormExport,
  type FormStatus,
  type InstitutionRole,
  type Message,
  type ReadScope,
  type Role,
  type SchemaNode,
} from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, type Filter, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, publishVersion, TenantCollection } from '../infra/tenant.js';
import { checkFormSchema, ValidatorCache } from './schema-guard.js';

declare module 'fastify' {
  interface FastifyInstance {
    forms: FormsService;
  }
}

/** A form as stored: the editable draft, and where its published versions stand. */
export interface FormDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  key: string;
  title: Message;
  description: Message;
  // Schemas are kept as JSON text: their `$ref`, `$schema` and dotted pattern keys are not field names.
  schemaText: string;
  uiSchemaText: string;
  fillRoles: InstitutionRole[];
  readScope: ReadScope;
  status: FormStatus;
  latestVersion: number | null;
  draftHash: string;
  latestHash: string | null;
  /** Set when an industry plugin brought the form in. */
  source?: { plugin: string; version: string };
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A published version: frozen, never changed, readable forever. */
export interface FormVersionDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  formId: ObjectId;
  version: number;
  key: string;
  title: Message;
  description: Message;
  schemaText: string;
  uiSchemaText: string;
  hash: string;
  publishedAt: Date;
  publishedBy: Actor;
}

export type FormChanges = Omit<FormContent, 'key'>;

/** Canonical JSON (keys sorted) so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function contentHash(
  content: Pick<FormContent, 'title' | 'description' | 'schema' | 'uiSchema'>,
): string {
  const { title, description, schema, uiSchema } = content;
  return createHash('sha256').update(canonical({ title, description, schema, uiSchema })).digest('hex');
}

export function schemaOf(doc: { schemaText: string }): SchemaNode {
  return JSON.parse(doc.schemaText) as SchemaNode;
}

export function uiSchemaOf(doc: { uiSchemaText: string }): Record<string, unknown> {
  return JSON.parse(doc.uiSchemaText) as Record<string, unknown>;
}

/** Refuses a schema with any problem, naming every one. */
function assertValidSchema(schema: unknown, uiSchema: unknown): void {
  const problems = checkFormSchema(schema, uiSchema);
  if (problems.length > 0) throw validationError(problems);
}

export class FormsService {
  readonly validators = new ValidatorCache();
  private readonly versionCache = new Map<string, FormVersionDoc>();
  private hidden: (institutionId: ObjectId) => Promise<Set<string>> = async () => new Set();

  constructor(
    private readonly forms: Collection<FormDoc>,
    private readonly versions: Collection<FormVersionDoc>,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.forms.createIndex({ institutionId: 1, key: 1 }, { unique: true });
    await this.versions.createIndex({ institutionId: 1, formId: 1, version: 1 }, { unique: true });
  }

  private tenant(institutionId: ObjectId): TenantCollection<FormDoc> {
    return new TenantCollection(this.forms, institutionId);
  }

  private versionsOf(institutionId: ObjectId): TenantCollection<FormVersionDoc> {
    return new TenantCollection(this.versions, institutionId);
  }

  check(schema: unknown, uiSchema: unknown) {
    return checkFormSchema(schema, uiSchema);
  }

  /** Registers which plugins' forms an institution hides (the plugins it disabled). */
  hideSources(hidden: (institutionId: ObjectId) => Promise<Set<string>>): void {
    this.hidden = hidden;
  }

  /** The institution's forms; `fillableBy` gives the published ones the role may fill, bar disabled plugins'. */
  async list(
    institutionId: ObjectId,
    filter: { status?: FormStatus; fillableBy?: Role },
  ): Promise<FormDoc[]> {
    const query: Filter<FormDoc> = {};
    if (filter.status) query.status = filter.status;
    if (filter.fillableBy) {
      query.status = 'published';
      query.fillRoles = filter.fillableBy as InstitutionRole;
    }
    const forms = await this.tenant(institutionId).find(query, { sort: { updatedAt: -1 } });
    if (!filter.fillableBy) return forms;
    const hidden = await this.hidden(institutionId);
    return hidden.size === 0 ? forms : forms.filter((f) => !f.source || !hidden.has(f.source.plugin));
  }

  get(institutionId: ObjectId, id: ObjectId): Promise<FormDoc> {
    return this.tenant(institutionId).get(id);
  }

  listVersions(institutionId: ObjectId, formId: ObjectId): Promise<FormVersionDoc[]> {
    return this.versionsOf(institutionId).find({ formId }, { sort: { version: -1 } });
  }

  /** A published version; they never change, so each is read from the store once per process. */
  async getVersion(institutionId: ObjectId, formId: ObjectId, version: number): Promise<FormVersionDoc> {
    const key = `${institutionId.toHexString()}:${formId.toHexString()}:${version}`;
    const cached = this.versionCache.get(key);
    if (cached) return cached;
    const found = await this.versionsOf(institutionId).findOne({ formId, version });
    if (!found) throw new Errors.NOT_FOUND();
    this.versionCache.set(key, found);
    if (this.versionCache.size > 500)
      this.versionCache.delete(this.versionCache.keys().next().value as string);
    return found;
  }

  /** Creates a draft; `source` names the plugin it came from (its forms hide while that plugin is disabled). */
  async create(
    institutionId: ObjectId,
    content: FormContent,
    actor: Actor,
    source?: FormDoc['source'],
  ): Promise<FormDoc> {
    assertValidSchema(content.schema, content.uiSchema);
    const now = new Date();
    const doc: FormDoc = {
      _id: new ObjectId(),
      institutionId,
      key: content.key,
      title: content.title,
      description: content.description,
      schemaText: JSON.stringify(content.schema),
      uiSchemaText: JSON.stringify(content.uiSchema ?? {}),
      fillRoles: content.fillRoles,
      readScope: content.readScope,
      status: 'draft',
      latestVersion: null,
      draftHash: contentHash(content),
      latestHash: null,
      ...(source ? { source } : {}),
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.forms, doc, () => new Errors.FORMS_KEY_TAKEN());
    await this.record(doc, actor, 'form.created', doc.key);
    return doc;
  }

  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: FormChanges,
    actor: Actor,
    source?: FormDoc['source'],
  ): Promise<FormDoc> {
    assertValidSchema(changes.schema, changes.uiSchema);
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, {
      ...(source ? { source } : {}),
      title: changes.title,
      description: changes.description,
      schemaText: JSON.stringify(changes.schema),
      uiSchemaText: JSON.stringify(changes.uiSchema ?? {}),
      fillRoles: changes.fillRoles,
      readScope: changes.readScope,
      draftHash: contentHash(changes),
    });
    await this.record(updated, actor, 'form.updated', updated.key);
    return updated;
  }

  /** Freezes the draft as the next version; the version document is written first, so a lost race leaves none behind. */
  async publish(institutionId: ObjectId, id: ObjectId, rev: number, actor: Actor): Promise<FormDoc> {
    const form = await this.get(institutionId, id);
    if (form.rev !== rev) throw new Errors.CONFLICT();
    if (form.latestHash === form.draftHash) throw new Errors.FORMS_NOTHING_TO_PUBLISH();
    const version = (form.latestVersion ?? 0) + 1;
    const versionDoc: FormVersionDoc = {
      _id: new ObjectId(),
      institutionId,
      formId: id,
      version,
      key: form.key,
      title: form.title,
      description: form.description,
      schemaText: form.schemaText,
      uiSchemaText: form.uiSchemaText,
      hash: form.draftHash,
      publishedAt: new Date(),
      publishedBy: actor,
    };
    return publishVersion(
      this.versions,
      versionDoc,
      async () => {
        const updated = await this.tenant(institutionId).updateGuarded(id, rev, {
          status: 'published',
          latestVersion: version,
          latestHash: form.draftHash,
        });
        await this.record(updated, actor, 'form.published', `${form.key} v${version}`);
        return updated;
      },
      () => this.versionCache.delete(`${institutionId.toHexString()}:${id.toHexString()}:${version}`),
    );
  }

  async archive(institutionId: ObjectId, id: ObjectId, rev: number, actor: Actor): Promise<FormDoc> {
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, { status: 'archived' });
    await this.record(updated, actor, 'form.archived', updated.key);
    return updated;
  }

  /** Takes forms out with every version of them (what a plugin installed, when nothing was submitted). */
  async removeMany(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    await this.forms.deleteMany({ institutionId, _id: { $in: ids } });
    await this.versions.deleteMany({ institutionId, formId: { $in: ids } });
  }

  async diff(institutionId: ObjectId, id: ObjectId, from: number, to: number | 'draft'): Promise<FormDiff> {
    const before = await this.getVersion(institutionId, id, from);
    const after =
      to === 'draft' ? await this.get(institutionId, id) : await this.getVersion(institutionId, id, to);
    return diffForms(schemaOf(before), schemaOf(after));
  }

  exportForm(form: FormDoc): FormExport {
    return {
      format: 'rapport-form',
      formatVersion: 1,
      form: {
        key: form.key,
        title: form.title,
        description: form.description,
        schema: schemaOf(form),
        uiSchema: uiSchemaOf(form),
        fillRoles: form.fillRoles,
        readScope: form.readScope,
      },
    };
  }

  private async record(form: FormDoc, actor: Actor, action: string, summary: string): Promise<void> {
    await this.events.record({
      institutionId: form.institutionId,
      actor,
      action,
      target: { collection: 'forms', id: form._id.toHexString() },
      summary,
    });
  }
}

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const service = new FormsService(
      db.collection<FormDoc>('forms'),
      db.collection<FormVersionDoc>('form_versions'),
      app.events,
    );
    await service.ensureIndexes();
    app.decorate('forms', service);
  },
  { name: 'forms-service', dependencies: ['mongo', 'events-service'] },
);
