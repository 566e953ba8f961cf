import type { Collection, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import type { CustomerDoc, CustomersService } from './service.js';

/** One visit to a customer, as the visiting manager logged it; its content is the visit form's data. */
export interface VisitDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  customerId: ObjectId;
  visitedAt: Date;
  purpose: string;
  notes: string;
  data: Record<string, unknown>;
  form: { key: string; version: number } | null;
  loggedBy: Actor;
  createdAt: Date;
}

export interface NewVisit {
  visitedAt: Date;
  purpose: string;
  notes: string;
  data: Record<string, unknown>;
}

export class VisitsService {
  constructor(
    readonly visits: Collection<VisitDoc>,
    private readonly customers: CustomersService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.visits.createIndex({ institutionId: 1, customerId: 1, visitedAt: -1 });
  }

  /** Logs a visit; the data is checked against the institution's visit form, when it has one. */
  async log(
    institutionId: ObjectId,
    customer: CustomerDoc,
    visit: NewVisit,
    actor: Actor,
  ): Promise<VisitDoc> {
    const settings = await this.customers.settings(institutionId);
    const content = await this.customers.formData(institutionId, settings.visitFormKey, visit.data, '/data');
    const doc = {
      institutionId,
      customerId: customer._id,
      visitedAt: visit.visitedAt,
      purpose: visit.purpose,
      notes: visit.notes,
      data: content.data,
      form: content.form,
      loggedBy: actor,
      createdAt: new Date(),
    };
    const { insertedId } = await this.visits.insertOne(doc as VisitDoc);
    await this.customers.record(
      institutionId,
      actor,
      'customer.visited',
      customer._id,
      `${customer.code}: ${visit.purpose}`,
    );
    return { ...doc, _id: insertedId };
  }

  list(institutionId: ObjectId, customerId: ObjectId): Promise<VisitDoc[]> {
    return this.visits.find({ institutionId, customerId }, { sort: { visitedAt: -1 }, limit: 500 }).toArray();
  }

  /** Takes out the visits of customers that are removed. */
  removeOf(institutionId: ObjectId, customerIds: ObjectId[]) {
    return this.visits.deleteMany({ institutionId, customerId: { $in: customerIds } });
  }
}
