import { addDays, dayIn } from '@rapport/schemas';
import { type AnyBulkWriteOperation, type Collection, MongoServerError, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import type { InstitutionsService } from '../institutions/service.js';
import type { UserDoc } from '../users/service.js';
import { classify } from './classify.js';
import { type FactDoc, FactQueries } from './fact-queries.js';
import {
  type FactKind,
  type FactRow,
  headerOf,
  type RowProblem,
  readFactRows,
  rowProblem,
} from './fact-rows.js';
import type { Classification, CustomerDoc, CustomersService } from './service.js';
import type { TableRow } from './table.js';

export interface NewFact {
  date: Date;
  kind: FactKind;
  amount: number;
  product: string | null;
  externalId: string | null;
}

export interface ImportReport {
  importId: string;
  rows: number;
  imported: number;
  /** Rows whose external id was already recorded with the same values. */
  alreadyImported: number;
  customersReclassified: number;
  dryRun: boolean;
}

const sameFact = (a: Pick<FactDoc, 'customerId' | 'date' | 'kind' | 'amount' | 'product'>, b: typeof a) =>
  a.customerId.equals(b.customerId) &&
  a.date.getTime() === b.date.getTime() &&
  a.kind === b.kind &&
  a.amount === b.amount &&
  (a.product ?? null) === (b.product ?? null);

/** Business facts as they are written: one by one, imported from a table, and the classification they drive. */
export class FactsService extends FactQueries {
  constructor(
    facts: Collection<FactDoc>,
    customers: CustomersService,
    private readonly institutions: InstitutionsService,
  ) {
    super(facts, customers);
  }

  async ensureIndexes(): Promise<void> {
    await this.facts.createIndex({ institutionId: 1, customerId: 1, date: -1 });
    await this.facts.createIndex({ institutionId: 1, date: 1 });
    await this.facts.createIndex(
      { institutionId: 1, externalId: 1 },
      { unique: true, partialFilterExpression: { externalId: { $type: 'string' } } },
    );
  }

  /** Today in the institution's time zone, as midnight UTC. */
  async today(institutionId: ObjectId, now = new Date()): Promise<Date> {
    return dayIn(now, (await this.customers.settings(institutionId)).timeZone);
  }

  private doc(
    institutionId: ObjectId,
    customerId: ObjectId,
    fact: NewFact,
    actor: Actor,
    importId: ObjectId | null,
    now: Date,
  ): FactDoc {
    return {
      _id: new ObjectId(),
      institutionId,
      customerId,
      date: fact.date,
      kind: fact.kind,
      amount: fact.amount,
      product: fact.product,
      ...(fact.externalId ? { externalId: fact.externalId } : {}),
      importId,
      recordedBy: actor,
      createdAt: now,
    };
  }

  /** Records one fact (again with the same external id: nothing changes) and reclassifies the customer. */
  async record(
    institutionId: ObjectId,
    customer: CustomerDoc,
    fact: NewFact,
    actor: Actor,
  ): Promise<{ fact: FactDoc; created: boolean }> {
    if (fact.date > (await this.today(institutionId)))
      throw validationError([
        { in: 'body', path: '/date', message: { en: 'the date is in the future', zh: '日期晚于今天' } },
      ]);
    const doc = this.doc(institutionId, customer._id, fact, actor, null, new Date());
    if (fact.externalId) {
      const existing = await this.facts.findOne({ institutionId, externalId: fact.externalId });
      if (existing) {
        if (!sameFact(existing, doc)) throw new Errors.CUSTOMERS_FACT_ID_TAKEN();
        return { fact: existing, created: false };
      }
    }
    try {
      await this.facts.insertOne(doc);
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) throw new Errors.CUSTOMERS_FACT_ID_TAKEN();
      throw err;
    }
    await this.classify(institutionId, { customerIds: [customer._id] });
    return { fact: doc, created: true };
  }

  /**
   * Imports facts from a table. All or nothing: when any row has a problem (a bad date, a
   * non-number, an unknown kind, a customer code not found in the importer's scope, an external id
   * already used for a different fact) nothing is written and every problem is reported.
   */
  async import(
    institutionId: ObjectId,
    rows: TableRow[],
    viewer: UserDoc,
    actor: Actor,
    dryRun: boolean,
  ): Promise<ImportReport> {
    const today = await this.today(institutionId);
    const { facts, problems } = readFactRows(rows, today);
    const codes = [...new Set(facts.map((f) => f.customerCode))];
    const customers = await this.customers.tenant(institutionId).find({
      code: { $in: codes },
      ...(await this.customers.scopeFilter(institutionId, viewer)),
    });
    const byCode = new Map(customers.map((c) => [c.code, c]));
    const externalIds = facts.flatMap((f) => (f.externalId ? [f.externalId] : []));
    const existing = new Map(
      (externalIds.length > 0
        ? await this.facts.find({ institutionId, externalId: { $in: externalIds } }).toArray()
        : []
      ).map((f) => [f.externalId as string, f]),
    );
    const codeColumn = headerOf(rows, 'customerCode');
    const idColumn = headerOf(rows, 'externalId');
    const importId = new ObjectId();
    const now = new Date();
    const fresh: FactDoc[] = [];
    let alreadyImported = 0;
    const rowProblems: RowProblem[] = [...problems];
    for (const fact of facts) {
      const customer = byCode.get(fact.customerCode);
      if (!customer) {
        rowProblems.push(
          rowProblem(
            fact.row,
            codeColumn,
            fact.customerCode,
            'no customer with this code (among the customers you may see)',
            '没有此编号的客户（在您可见的客户中）',
          ),
        );
        continue;
      }
      const doc = this.doc(institutionId, customer._id, fact, actor, importId, now);
      const before = fact.externalId ? existing.get(fact.externalId) : undefined;
      if (before && !sameFact(before, doc))
        rowProblems.push(
          rowProblem(
            fact.row,
            idColumn,
            fact.externalId as string,
            'this external id was already imported with other values',
            '此外部编号已导入过，但数据不同',
          ),
        );
      else if (before) alreadyImported += 1;
      else fresh.push(doc);
    }
    if (rowProblems.length > 0) {
      const err = new Errors.CUSTOMERS_IMPORT_REJECTED();
      (err as unknown as { details: unknown }).details = rowProblems.sort((a, b) => a.row - b.row);
      throw err;
    }
    const report = {
      importId: importId.toHexString(),
      rows: facts.length,
      imported: fresh.length,
      alreadyImported,
      customersReclassified: 0,
      dryRun,
    };
    if (dryRun) return report;
    await this.write(fresh);
    const touched = [...new Set(fresh.map((f) => f.customerId.toHexString()))].map((id) => new ObjectId(id));
    report.customersReclassified = await this.classify(institutionId, { customerIds: touched });
    await this.customers.record(
      institutionId,
      actor,
      'customer-facts.imported',
      importId,
      `${fresh.length} facts, ${alreadyImported} already imported`,
    );
    return report;
  }

  /**
   * Writes checked facts. Those with an external id are upserts keyed by it, so a retry after a
   * failure half-way writes each once; a concurrent import of the same ids cannot double them.
   */
  private async write(docs: FactDoc[]): Promise<void> {
    for (let i = 0; i < docs.length; i += 1000) {
      const ops: AnyBulkWriteOperation<FactDoc>[] = docs.slice(i, i + 1000).map((doc) =>
        doc.externalId
          ? {
              updateOne: {
                filter: { institutionId: doc.institutionId, externalId: doc.externalId },
                update: { $setOnInsert: doc },
                upsert: true,
              },
            }
          : { insertOne: { document: doc } },
      );
      await this.facts.bulkWrite(ops, { ordered: false });
    }
  }

  /** Takes out the facts of customers that are removed. */
  removeOf(institutionId: ObjectId, customerIds: ObjectId[]) {
    return this.facts.deleteMany({ institutionId, customerId: { $in: customerIds } });
  }

  /**
   * Records many facts at once, without external ids (a plugin's demo business), then reclassifies
   * those customers once.
   */
  async recordMany(
    institutionId: ObjectId,
    facts: (NewFact & { customerId: ObjectId })[],
    actor: Actor,
  ): Promise<void> {
    if (facts.length === 0) return;
    const now = new Date();
    await this.facts.insertMany(facts.map((f) => this.doc(institutionId, f.customerId, f, actor, null, now)));
    await this.classify(institutionId, { customerIds: [...new Set(facts.map((f) => f.customerId))] });
  }

  /**
   * Recomputes the frequency and size classes of an institution's customers (or some of them) by
   * its rules, over the window ending `asOf` (today in its time zone). Returns how many it wrote.
   */
  async classify(
    institutionId: ObjectId,
    opts: { asOf?: Date; customerIds?: ObjectId[] } = {},
  ): Promise<number> {
    const settings = await this.customers.settings(institutionId);
    const to = opts.asOf ?? dayIn(new Date(), settings.timeZone);
    const from = addDays(to, -(settings.rules.windowDays - 1));
    const customers = await this.customers
      .tenant(institutionId)
      .find(opts.customerIds ? { _id: { $in: opts.customerIds } } : {}, { projection: { _id: 1 } });
    const activity = await this.activity(institutionId, from, to, opts.customerIds);
    const now = new Date();
    const classes = customers.map((c) => {
      const found = activity.get(c._id.toHexString());
      const counted = { transactions: found?.transactions ?? 0, volume: found?.volume ?? 0 };
      const classification: Classification = {
        ...classify(settings.rules, counted),
        ...counted,
        from,
        to,
        computedAt: now,
      };
      return { id: c._id, classification };
    });
    await this.customers.setClassifications(institutionId, classes);
    return classes.length;
  }

  /** The nightly run: every institution (or one), each by its own rules and "today". */
  async classifyAll(institutionId?: ObjectId): Promise<Record<string, number>> {
    const ids = institutionId ? [institutionId] : (await this.institutions.list()).map((i) => i._id);
    const counts: Record<string, number> = {};
    for (const id of ids) counts[id.toHexString()] = await this.classify(id);
    return counts;
  }
}

export type { FactDoc, Portfolio } from './fact-queries.js';
export type { FactRow };
