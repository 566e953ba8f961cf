import { isAdminRole } from '@rapport/schemas';
import { MongoServerError, ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique } from '../infra/tenant.js';
import type { UserDoc } from '../users/service.js';
import { classify } from './classify.js';
import type { Classification, CustomerChanges, CustomerDoc, NewCustomer } from './model.js';
import { CustomerOwnership } from './ownership.js';

export type {
  Classification,
  CustomerChanges,
  CustomerDoc,
  CustomerQuery,
  CustomerSettingsDoc,
  NewCustomer,
  Option,
  Owners,
  OwnershipChange,
  SettingsInput,
} from './model.js';
export { DEFAULT_SETTINGS } from './model.js';

/**
 * The customers capability's service, in layers cut along its seams: the settings and what it stands
 * on (settings.ts), ownership and scope (ownership.ts), and here the files themselves — opening,
 * changing and removing them, and storing their classes.
 */
export class CustomersService extends CustomerOwnership {
  async create(
    institutionId: ObjectId,
    input: NewCustomer,
    viewer: UserDoc,
    actor: Actor,
  ): Promise<CustomerDoc> {
    const owners = {
      relationshipManagerId: input.relationshipManagerId,
      productSpecialistIds: input.productSpecialistIds,
    };
    const problems = [
      ...(await this.choiceProblems(institutionId, input)),
      ...(await this.ownerProblems(institutionId, owners, viewer)),
    ];
    if (problems.length > 0) throw validationError(problems);
    const settings = await this.settings(institutionId);
    const file = await this.formData(institutionId, settings.fileFormKey, input.fileData, '/fileData');
    const now = new Date();
    const doc: CustomerDoc = {
      _id: new ObjectId(),
      institutionId,
      code: input.code,
      name: input.name,
      kind: input.kind,
      industryGroup: input.industryGroup,
      fileData: file.data,
      fileForm: file.form,
      ...owners,
      ownershipHistory: [
        {
          at: now,
          by: actor,
          from: { relationshipManagerId: null, productSpecialistIds: [] },
          to: owners,
          reason: '',
        },
      ],
      // A new customer has no facts yet; the next import or nightly run counts them.
      classification: {
        ...classify(settings.rules, { transactions: 0, volume: 0 }),
        transactions: 0,
        volume: 0,
        from: now,
        to: now,
        computedAt: now,
      },
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.customers, doc, () => new Errors.CUSTOMERS_CODE_TAKEN());
    await this.record(institutionId, actor, 'customer.created', doc._id, `${doc.code} ${doc.name}`);
    return doc;
  }

  /**
   * Opens many files at once (a plugin's demo data): each checked as `create` checks it — a kind,
   * group, file data or owner is checked once however many customers share it — then written together.
   * `since`: the day a customer of longer standing became one.
   */
  async createMany(
    institutionId: ObjectId,
    inputs: (NewCustomer & { since?: Date })[],
    viewer: UserDoc,
    actor: Actor,
  ): Promise<CustomerDoc[]> {
    const settings = await this.settings(institutionId);
    const checked = new Map<string, Awaited<ReturnType<CustomersService['formData']>>>();
    const owners = new Set<string>();
    const now = new Date();
    const docs: CustomerDoc[] = [];
    for (const input of inputs) {
      const choice = JSON.stringify([input.kind, input.industryGroup, input.fileData]);
      let file = checked.get(choice);
      if (!file) {
        const problems = await this.choiceProblems(institutionId, input);
        if (problems.length > 0) throw validationError(problems);
        file = await this.formData(institutionId, settings.fileFormKey, input.fileData, '/fileData');
        checked.set(choice, file);
      }
      const owner = JSON.stringify([input.relationshipManagerId, input.productSpecialistIds]);
      const pair = {
        relationshipManagerId: input.relationshipManagerId,
        productSpecialistIds: input.productSpecialistIds,
      };
      if (!owners.has(owner)) {
        const problems = await this.ownerProblems(institutionId, pair, viewer);
        if (problems.length > 0) throw validationError(problems);
        owners.add(owner);
      }
      docs.push({
        _id: new ObjectId(),
        institutionId,
        code: input.code,
        name: input.name,
        kind: input.kind,
        industryGroup: input.industryGroup,
        fileData: file.data,
        fileForm: file.form,
        ...pair,
        ownershipHistory: [
          {
            at: now,
            by: actor,
            from: { relationshipManagerId: null, productSpecialistIds: [] },
            to: pair,
            reason: '',
          },
        ],
        classification: {
          ...classify(settings.rules, { transactions: 0, volume: 0 }),
          transactions: 0,
          volume: 0,
          from: now,
          to: now,
          computedAt: now,
        },
        rev: 1,
        // A customer of longer standing (demo business with a history) keeps the day it became one.
        createdAt: input.since ?? now,
        updatedAt: now,
      });
    }
    if (docs.length === 0) return docs;
    try {
      await this.customers.insertMany(docs);
    } catch (err) {
      if (err instanceof MongoServerError && err.code === 11000) throw new Errors.CUSTOMERS_CODE_TAKEN();
      throw err;
    }
    await this.record(
      institutionId,
      actor,
      'customer.created',
      docs[0]?._id as ObjectId,
      `${docs.length} customers`,
    );
    return docs;
  }

  /** Changes the file; the owners (relationship manager, specialists) and supervisors in scope may. */
  async update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: CustomerChanges,
    viewer: UserDoc,
    actor: Actor,
  ): Promise<CustomerDoc> {
    await this.read(institutionId, id, viewer);
    const problems = await this.choiceProblems(institutionId, changes);
    if (problems.length > 0) throw validationError(problems);
    const { fileData, ...rest } = changes;
    const set: Partial<CustomerDoc> = { ...rest };
    if (fileData !== undefined) {
      const settings = await this.settings(institutionId);
      const file = await this.formData(institutionId, settings.fileFormKey, fileData, '/fileData');
      set.fileData = file.data;
      set.fileForm = file.form;
    }
    const updated = await this.tenant(institutionId).updateGuarded(id, rev, set);
    await this.record(
      institutionId,
      actor,
      'customer.updated',
      id,
      `${updated.code}: ${Object.keys(changes).join(', ')}`,
    );
    return updated;
  }

  /** Removes a customer file; its facts and visits go with it (they mean nothing without it). */
  async remove(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    actor: Actor,
    cleanUp: (id: ObjectId) => Promise<void>,
  ) {
    const current = await this.tenant(institutionId).get(id);
    const { deletedCount } = await this.customers.deleteOne({ _id: id, institutionId, rev });
    if (deletedCount === 0) throw new Errors.CONFLICT();
    await cleanUp(id);
    await this.record(institutionId, actor, 'customer.removed', id, current.code);
  }

  /** Removes many files at once (what a plugin's demo opened); their facts and visits are the caller's to take. */
  async removeMany(institutionId: ObjectId, ids: ObjectId[]): Promise<void> {
    await this.customers.deleteMany({ institutionId, _id: { $in: ids } });
  }

  /** Stores computed classes; derived data, so no rev moves and no editor is turned away with 409. */
  async setClassifications(
    institutionId: ObjectId,
    classes: { id: ObjectId; classification: Classification }[],
  ): Promise<void> {
    if (classes.length === 0) return;
    await this.customers.bulkWrite(
      classes.map(({ id, classification }) => ({
        updateOne: { filter: { _id: id, institutionId }, update: { $set: { classification } } },
      })),
      { ordered: false },
    );
  }
}

export function isAdmin(user: UserDoc): boolean {
  return isAdminRole(user.role);
}
