import fp from 'fastify-plugin';
import type { Collection, ObjectId } from 'mongodb';
import type { BusinessData, SampleCustomer } from '../appraisal/cycles/service.js';
import type { FactDoc } from './facts.js';
import type { CustomerDoc } from './service.js';

/**
 * One manager's customers as the appraisal reads them. For the period and the one of equal length
 * before it: whether the customer is new (its file opened in the period), its business volume and
 * the number of distinct products it used. Quantitative indicators' JSONata reads this shape, e.g.
 * `$count(customers[isNew = true])`.
 */
export interface ManagerBusiness {
  period: { from: string; to: string };
  customers: {
    code: string;
    name: string;
    isNew: boolean;
    frequency: string | null;
    size: string | null;
    volume: { current: number; previous: number };
    transactions: { current: number; previous: number };
    products: { current: number; previous: number };
  }[];
}

/** Reads customers and their facts for appraisals: the sample's population and the business data. */
export class CustomerBusinessData implements BusinessData {
  constructor(
    private readonly customers: Collection<CustomerDoc>,
    private readonly facts: Collection<FactDoc>,
  ) {}

  private owned(institutionId: ObjectId, managerId: ObjectId) {
    return this.customers.find({ institutionId, relationshipManagerId: managerId }).toArray();
  }

  async customersOf(institutionId: ObjectId, managerId: ObjectId): Promise<SampleCustomer[]> {
    return (await this.owned(institutionId, managerId)).map((c) => ({
      id: c._id.toHexString(),
      name: c.name,
    }));
  }

  async dataOf(
    institutionId: ObjectId,
    managerId: ObjectId,
    period: { from: Date; to: Date },
  ): Promise<ManagerBusiness> {
    const before = new Date(period.from.getTime() - (period.to.getTime() - period.from.getTime()));
    const customers = await this.owned(institutionId, managerId);
    const facts = await this.facts
      .find({
        institutionId,
        customerId: { $in: customers.map((c) => c._id) },
        date: { $gte: before, $lt: period.to },
      })
      .toArray();
    return {
      period: { from: period.from.toISOString().slice(0, 10), to: period.to.toISOString().slice(0, 10) },
      customers: customers.map((c) => {
        const mine = facts.filter((f) => f.customerId.equals(c._id));
        const current = mine.filter((f) => f.date >= period.from);
        const previous = mine.filter((f) => f.date < period.from);
        const sum = (list: FactDoc[], kind: FactDoc['kind']) =>
          list.filter((f) => f.kind === kind).reduce((total, f) => total + f.amount, 0);
        const products = (list: FactDoc[]) =>
          new Set(list.flatMap((f) => (f.product ? [f.product] : []))).size;
        return {
          code: c.code,
          name: c.name,
          isNew: c.createdAt >= period.from && c.createdAt < period.to,
          frequency: c.classification?.frequency ?? null,
          size: c.classification?.size ?? null,
          volume: { current: sum(current, 'volume'), previous: sum(previous, 'volume') },
          transactions: {
            current: current.filter((f) => f.kind === 'transaction').length,
            previous: previous.filter((f) => f.kind === 'transaction').length,
          },
          products: { current: products(current), previous: products(previous) },
        };
      }),
    };
  }
}

/** Connects the customers to the appraisal cycles. */
export default fp(
  async (app) => {
    app.cycles.provideBusinessData(
      new CustomerBusinessData(
        app.mongo.db.collection<CustomerDoc>('customers'),
        app.mongo.db.collection<FactDoc>('customer_facts'),
      ),
    );
  },
  { name: 'customers-business-data', dependencies: ['mongo', 'customers-service', 'cycles-service'] },
);
