import { addDays, dayIn } from '@rapport/schemas';
import type { Collection, Filter, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { validationError } from '../infra/errors.js';
import type { UserDoc } from '../users/service.js';
import { type CoreRow, coreCustomers } from './classify.js';
import type { FactKind } from './fact-rows.js';
import type { CustomerDoc, CustomersService } from './service.js';

// What is read from the business facts: a customer's facts, the managers' portfolios, activity sums
// and the 80/20 analysis. FactsService (facts.ts) adds what writes them.

/** A business fact about a customer on a day: a transaction, a balance or a volume. Append-only. */
export interface FactDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  customerId: ObjectId;
  /** The calendar day, as midnight UTC. */
  date: Date;
  kind: FactKind;
  amount: number;
  product: string | null;
  /** The source system's id; a fact with one is recorded once however often it is sent. */
  externalId?: string;
  importId: ObjectId | null;
  recordedBy: Actor;
  createdAt: Date;
}

/** A manager's portfolio as other capabilities see it: their customers' classes and volume. */
export interface Portfolio {
  /** The frequency and size classes of the customers they own. */
  classes: Set<string>;
  /** The volume facts of their customers since the date asked for. */
  volume: number;
}

/** The read side of the customers' business facts. */
export class FactQueries {
  constructor(
    readonly facts: Collection<FactDoc>,
    protected readonly customers: CustomersService,
  ) {}

  /**
   * Every manager's portfolio (by manager id): the classes of the customers they own now, and those
   * customers' volume facts since `since`, summed in the database.
   */
  async portfolios(institutionId: ObjectId, since: Date): Promise<Map<string, Portfolio>> {
    const [customers, sums] = await Promise.all([
      this.customers
        .tenant(institutionId)
        .find({}, { projection: { relationshipManagerId: 1, classification: 1 } }),
      this.facts
        .aggregate<{ _id: ObjectId; volume: number }>([
          { $match: { institutionId, kind: 'volume', date: { $gte: since } } },
          { $group: { _id: '$customerId', volume: { $sum: '$amount' } } },
        ])
        .toArray(),
    ]);
    const volumeOf = new Map(sums.map((s) => [s._id.toHexString(), s.volume]));
    const out = new Map<string, Portfolio>();
    for (const c of customers) {
      const owner = c.relationshipManagerId.toHexString();
      const portfolio = out.get(owner) ?? { classes: new Set<string>(), volume: 0 };
      if (c.classification?.frequency) portfolio.classes.add(c.classification.frequency);
      if (c.classification?.size) portfolio.classes.add(c.classification.size);
      portfolio.volume += volumeOf.get(c._id.toHexString()) ?? 0;
      out.set(owner, portfolio);
    }
    return out;
  }

  list(
    institutionId: ObjectId,
    customerId: ObjectId,
    query: { kind?: FactKind; from?: Date; to?: Date; page: number; pageSize: number },
  ): Promise<[FactDoc[], number]> {
    const filter: Filter<FactDoc> = { institutionId, customerId };
    if (query.kind) filter.kind = query.kind;
    if (query.from || query.to)
      filter.date = { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lte: query.to } : {}) };
    return Promise.all([
      this.facts
        .find(filter, {
          sort: { date: -1, _id: -1 },
          skip: (query.page - 1) * query.pageSize,
          limit: query.pageSize,
        })
        .toArray(),
      this.facts.countDocuments(filter),
    ]);
  }

  /** Transactions counted and volume summed per customer over days `from`..`to`, both included. */
  protected async activity(institutionId: ObjectId, from: Date, to: Date, customerIds?: ObjectId[]) {
    const rows = await this.facts
      .aggregate<{ _id: ObjectId; transactions: number; volume: number }>([
        {
          $match: {
            institutionId,
            date: { $gte: from, $lte: to },
            kind: { $in: ['transaction', 'volume'] },
            ...(customerIds ? { customerId: { $in: customerIds } } : {}),
          },
        },
        {
          $group: {
            _id: '$customerId',
            transactions: { $sum: { $cond: [{ $eq: ['$kind', 'transaction'] }, 1, 0] } },
            volume: { $sum: { $cond: [{ $eq: ['$kind', 'volume'] }, '$amount', 0] } },
          },
        },
      ])
      .toArray();
    return new Map(rows.map((r) => [r._id.toHexString(), r]));
  }

  /** The 80/20 analysis over the customers `viewer` may see, by volume between two days. */
  async core(
    institutionId: ObjectId,
    viewer: UserDoc,
    range: { from?: Date; to?: Date },
  ): Promise<{ from: Date; to: Date; total: number; rows: CoreRow<CustomerDoc>[] }> {
    const settings = await this.customers.settings(institutionId);
    const to = range.to ?? dayIn(new Date(), settings.timeZone);
    const from = range.from ?? addDays(to, -(settings.rules.windowDays - 1));
    if (from > to)
      throw validationError([
        {
          in: 'querystring',
          path: '/from',
          message: { en: 'the start is after the end', zh: '开始日期晚于结束日期' },
        },
      ]);
    const customers = await this.customers
      .tenant(institutionId)
      .find(await this.customers.scopeFilter(institutionId, viewer));
    const activity = await this.activity(institutionId, from, to);
    const { total, rows } = coreCustomers(
      customers.map((c) => ({
        item: c,
        volume: activity.get(c._id.toHexString())?.volume ?? 0,
        tieBreak: c.code,
      })),
    );
    return { from, to, total, rows };
  }
}
