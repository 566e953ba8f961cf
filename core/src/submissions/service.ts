import {
  applyComputed,
  ExpressionError,
  isAdminRole,
  type Message,
  type SubmissionStatus,
  scoreOf,
} from '@rapport/schemas';
import type { ErrorObject } from 'ajv';
import fp from 'fastify-plugin';
import { type Collection, type Filter, MongoServerError, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import { type FormDoc, type FormsService, type FormVersionDoc, schemaOf } from '../forms/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { TenantCollection } from '../infra/tenant.js';
import { describeValidation } from '../infra/validation.js';
import type { UserDoc } from '../users/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    submissions: SubmissionsService;
  }
}

export type { SubmissionStatus };

export interface SubmissionDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  formId: ObjectId;
  formKey: string;
  formTitle: Message;
  /** The published version the data was validated against. */
  version: number;
  status: SubmissionStatus;
  data: Record<string, unknown>;
  score: number | null;
  submittedBy: Actor;
  submittedAt: Date | null;
  /** The client's key for this submission: sending it again returns this one instead of a second. */
  idempotencyKey?: string;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubmissionQuery {
  formId?: ObjectId;
  status?: SubmissionStatus;
  mine?: boolean;
  page: number;
  pageSize: number;
}

/** Whether `user` may read what was submitted on `form` by someone else. */
export function canReadOthers(user: UserDoc, form: Pick<FormDoc, 'readScope'>): boolean {
  if (isAdminRole(user.role)) return true;
  if (form.readScope === 'all') return true;
  return form.readScope === 'team' && user.role === 'supervisor';
}

export class SubmissionsService {
  constructor(
    private readonly submissions: Collection<SubmissionDoc>,
    private readonly forms: FormsService,
    private readonly events: EventsService,
  ) {}

  /**
   * Calls `listener` once for each submission submitted, after it is stored and logged (a retried
   * request does not call it again); a listener's failure never fails the submission.
   */
  onSubmitted(listener: (submission: SubmissionDoc) => Promise<void>): void {
    this.events.subscribe(async (event) => {
      if (event.action !== 'submission.submitted' || !event.institutionId) return;
      const submission = await this.tenant(event.institutionId).findOne({
        _id: new ObjectId(event.target.id),
      });
      if (submission) await listener(submission);
    });
  }

  async ensureIndexes(): Promise<void> {
    await this.submissions.createIndex({ institutionId: 1, formId: 1, createdAt: -1 });
    await this.submissions.createIndex({ institutionId: 1, 'submittedBy.id': 1, createdAt: -1 });
    await this.submissions.createIndex(
      { institutionId: 1, 'submittedBy.id': 1, idempotencyKey: 1 },
      { unique: true, partialFilterExpression: { idempotencyKey: { $exists: true } } },
    );
    // Stores created before the planner used compound and partial indexes carry a now-redundant one.
    if (await this.submissions.indexExists('idempotencyKey_1'))
      await this.submissions.dropIndex('idempotencyKey_1');
  }

  tenant(institutionId: ObjectId): TenantCollection<SubmissionDoc> {
    return new TenantCollection(this.submissions, institutionId);
  }

  /**
   * The data as it will be stored (computed fields recomputed by the server), or a 400 naming
   * every field in error. A draft is checked for types and limits, not for required fields.
   */
  async prepare(
    version: FormVersionDoc,
    data: Record<string, unknown>,
    submit: boolean,
  ): Promise<{ data: Record<string, unknown>; score: number | null }> {
    const schema = schemaOf(version);
    let prepared: Record<string, unknown>;
    try {
      prepared = await applyComputed(schema, data);
    } catch (err) {
      if (err instanceof ExpressionError)
        throw validationError([
          {
            in: 'data',
            path: '/',
            message: { en: `a computed field failed: ${err.message}`, zh: `计算字段出错：${err.message}` },
          },
        ]);
      throw err;
    }
    const validate = this.forms.validators.get(`${version.formId.toHexString()}:${version.version}`, schema);
    if (!validate(prepared)) {
      const errors = (validate.errors ?? []).filter((e: ErrorObject) => submit || e.keyword !== 'required');
      if (errors.length > 0) {
        throw validationError(describeValidation(errors, 'data'));
      }
    }
    return { data: prepared, score: submit ? await scoreOf(schema, prepared).catch(() => null) : null };
  }

  /** Fills the form's latest published version; `submit: false` keeps it a draft. */
  async create(
    institutionId: ObjectId,
    form: FormDoc,
    user: UserDoc,
    actor: Actor,
    data: Record<string, unknown>,
    submit: boolean,
    idempotencyKey?: string,
  ): Promise<SubmissionDoc> {
    const earlier = async () =>
      idempotencyKey
        ? this.tenant(institutionId).findOne({ 'submittedBy.id': user._id, idempotencyKey })
        : null;
    // A retried request (the answer was lost, the server restarted) gets the submission it made.
    const already = await earlier();
    // The process may have died between storing the submission and logging it: log it now, once.
    if (already) return this.recordCreated(already, actor, submit);
    if (form.status !== 'published' || form.latestVersion === null) throw new Errors.FORMS_NOT_FILLABLE();
    if (!(form.fillRoles as string[]).includes(user.role)) throw new Errors.FORBIDDEN();
    const version = await this.forms.getVersion(institutionId, form._id, form.latestVersion);
    const prepared = await this.prepare(version, data, submit);
    const now = new Date();
    let created: SubmissionDoc;
    try {
      created = await this.tenant(institutionId).insertOne(
        {
          ...(idempotencyKey ? { idempotencyKey } : {}),
          formId: form._id,
          formKey: form.key,
          formTitle: form.title,
          version: version.version,
          status: submit ? 'submitted' : 'draft',
          data: prepared.data,
          score: prepared.score,
          submittedBy: actor,
          submittedAt: submit ? now : null,
        },
        now,
      );
    } catch (err) {
      // Two copies of one request raced: the first stored stands, the second returns it.
      const raced = err instanceof MongoServerError && err.code === 11000 ? await earlier() : null;
      if (raced) return this.recordCreated(raced, actor, submit);
      throw err;
    }
    return this.recordCreated(created, actor, submit);
  }

  /** Logs that `s` was created, under its own id, so a retried request logs it at most once. */
  private async recordCreated(s: SubmissionDoc, actor: Actor, submit: boolean): Promise<SubmissionDoc> {
    await this.events.record({
      _id: s._id,
      institutionId: s.institutionId,
      actor,
      action: submit ? 'submission.submitted' : 'submission.drafted',
      target: { collection: 'submissions', id: s._id.toHexString() },
      summary: `${s.formKey} v${s.version}`,
    });
    return s;
  }

  /** Saves or submits one's own draft, against the version the draft was started on. */
  async update(
    institutionId: ObjectId,
    id: ObjectId,
    user: UserDoc,
    actor: Actor,
    rev: number,
    data: Record<string, unknown>,
    submit: boolean,
  ): Promise<SubmissionDoc> {
    const current = await this.tenant(institutionId).get(id);
    if (!current.submittedBy.id.equals(user._id)) throw new Errors.NOT_FOUND();
    if (current.status === 'submitted') throw new Errors.SUBMISSIONS_ALREADY_SUBMITTED();
    const version = await this.forms.getVersion(institutionId, current.formId, current.version);
    const prepared = await this.prepare(version, data, submit);
    const now = new Date();
    const updated = await this.tenant(institutionId).updateGuarded(
      id,
      rev,
      {
        data: prepared.data,
        score: prepared.score,
        ...(submit ? { status: 'submitted', submittedAt: now } : {}),
      },
      now,
    );
    await this.record(updated, actor, submit ? 'submission.submitted' : 'submission.saved');
    return updated;
  }

  /** A submission the user may read, else 404. */
  async readable(institutionId: ObjectId, id: ObjectId, user: UserDoc): Promise<SubmissionDoc> {
    const found = await this.tenant(institutionId).get(id);
    if (found.submittedBy.id.equals(user._id)) return found;
    const form = await this.forms.get(institutionId, found.formId);
    if (found.status === 'submitted' && canReadOthers(user, form)) return found;
    throw new Errors.NOT_FOUND();
  }

  /** What the user may read, newest first, one page at a time. */
  async list(
    institutionId: ObjectId,
    user: UserDoc,
    query: SubmissionQuery,
  ): Promise<{ items: SubmissionDoc[]; total: number }> {
    const filter: Filter<SubmissionDoc> = {};
    if (query.formId) filter.formId = query.formId;
    if (query.status) filter.status = query.status;
    if (query.mine) filter['submittedBy.id'] = user._id;
    else {
      const forms = await this.forms.list(institutionId, {});
      const readable = forms.filter((f) => canReadOthers(user, f)).map((f) => f._id);
      filter.$or = [{ 'submittedBy.id': user._id }, { formId: { $in: readable }, status: 'submitted' }];
    }
    const tenant = this.tenant(institutionId);
    const [items, total] = await Promise.all([
      tenant.find(filter, {
        sort: { createdAt: -1, _id: -1 },
        skip: (query.page - 1) * query.pageSize,
        limit: query.pageSize,
      }),
      tenant.countDocuments(filter),
    ]);
    return { items, total };
  }

  /** Every submitted submission of a form, oldest first, for export. */
  submittedOf(institutionId: ObjectId, formId: ObjectId): Promise<SubmissionDoc[]> {
    return this.tenant(institutionId).find(
      { formId, status: 'submitted' },
      { sort: { submittedAt: 1, _id: 1 } },
    );
  }

  /** How many submissions, drafts included, the forms have. */
  countOf(institutionId: ObjectId, formIds: ObjectId[]): Promise<number> {
    return this.tenant(institutionId).countDocuments({ formId: { $in: formIds } });
  }

  private async record(s: SubmissionDoc, actor: Actor, action: string): Promise<void> {
    await this.events.record({
      institutionId: s.institutionId,
      actor,
      action,
      target: { collection: 'submissions', id: s._id.toHexString() },
      summary: `${s.formKey} v${s.version}`,
    });
  }
}

export default fp(
  async (app) => {
    const service = new SubmissionsService(
      app.mongo.db.collection<SubmissionDoc>('submissions'),
      app.forms,
      app.events,
    );
    await service.ensureIndexes();
    app.decorate('submissions', service);
  },
  { name: 'submissions-service', dependencies: ['mongo', 'forms-service', 'events-service'] },
);
