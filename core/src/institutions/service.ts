import type { Industry, Message } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import { Errors } from '../infra/errors.js';
import { insertUnique, updateGuarded } from '../infra/tenant.js';

declare module 'fastify' {
  interface FastifyInstance {
    institutions: InstitutionsService;
  }
}

/** A tenant: a bank's branch network, a postal bureau, a company. */
export interface InstitutionDoc {
  _id: ObjectId;
  code: string;
  name: Message;
  industry: Industry;
  disabled: boolean;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewInstitution {
  code: string;
  name: Message;
  industry: Industry;
}

export type InstitutionChanges = Partial<Pick<InstitutionDoc, 'name' | 'industry' | 'disabled'>>;

export class InstitutionsService {
  constructor(
    private readonly institutions: Collection<InstitutionDoc>,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.institutions.createIndex({ code: 1 }, { unique: true });
  }

  list(): Promise<InstitutionDoc[]> {
    return this.institutions.find({}).sort({ createdAt: 1 }).toArray();
  }

  async get(id: ObjectId): Promise<InstitutionDoc> {
    const found = await this.institutions.findOne({ _id: id });
    if (!found) throw new Errors.NOT_FOUND();
    return found;
  }

  findByCode(code: string): Promise<InstitutionDoc | null> {
    return this.institutions.findOne({ code });
  }

  async create(input: NewInstitution, actor: Actor | null): Promise<InstitutionDoc> {
    const now = new Date();
    const doc: InstitutionDoc = {
      _id: new ObjectId(),
      ...input,
      disabled: false,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.institutions, doc, () => new Errors.INSTITUTIONS_CODE_TAKEN());
    await this.events.record({
      institutionId: doc._id,
      actor,
      action: 'institution.created',
      target: { collection: 'institutions', id: doc._id.toHexString() },
      summary: `${doc.code} ${doc.name.zh}`,
    });
    return doc;
  }

  async update(
    id: ObjectId,
    rev: number,
    changes: InstitutionChanges,
    actor: Actor | null,
  ): Promise<InstitutionDoc> {
    const updated = await updateGuarded(this.institutions, { _id: id }, rev, changes);
    await this.events.record({
      institutionId: id,
      actor,
      action: 'institution.updated',
      target: { collection: 'institutions', id: id.toHexString() },
      summary: Object.keys(changes).join(', '),
    });
    return updated;
  }
}

export default fp(
  async (app) => {
    const service = new InstitutionsService(
      app.mongo.db.collection<InstitutionDoc>('institutions'),
      app.events,
    );
    await service.ensureIndexes();
    app.decorate('institutions', service);
  },
  { name: 'institutions-service', dependencies: ['mongo', 'events-service'] },
);
