import { checkSelectionWeights, type SelectionDriveContent } from '@rapport/schemas';
import { type Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../events/service.js';
import { Errors } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { ManagersService } from '../managers/service.js';
import type { UsersService } from '../users/service.js';
import { type CandidateDoc, type DriveChanges, type DriveDoc, refuse } from './model.js';

// The selection drives: open one with its positions, eligibility and weights, change, close or
// remove it. The candidates (candidates.ts) and their ranking and certification (service.ts) build on it.

export class SelectionDrives {
  constructor(
    protected readonly drives: Collection<DriveDoc>,
    protected readonly candidates: Collection<CandidateDoc>,
    protected readonly users: UsersService,
    protected readonly managers: ManagersService,
    protected readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.drives.createIndex({ institutionId: 1, code: 1 }, { unique: true });
    await this.candidates.createIndex({ institutionId: 1, driveId: 1, key: 1 }, { unique: true });
  }

  protected drives$(institutionId: ObjectId) {
    return new TenantCollection(this.drives, institutionId);
  }

  protected candidates$(institutionId: ObjectId) {
    return new TenantCollection(this.candidates, institutionId);
  }

  listDrives(institutionId: ObjectId): Promise<DriveDoc[]> {
    return this.drives$(institutionId).find({}, { sort: { createdAt: -1 } });
  }

  getDrive(institutionId: ObjectId, id: ObjectId): Promise<DriveDoc> {
    return this.drives$(institutionId).get(id);
  }

  /** How many candidates each drive has certified, by drive id. */
  async certifiedCounts(institutionId: ObjectId): Promise<Map<string, number>> {
    const certified = await this.candidates$(institutionId).find({ certification: { $ne: null } });
    const counts = new Map<string, number>();
    for (const c of certified)
      counts.set(c.driveId.toHexString(), (counts.get(c.driveId.toHexString()) ?? 0) + 1);
    return counts;
  }

  async createDrive(
    institutionId: ObjectId,
    content: SelectionDriveContent,
    actor: Actor,
  ): Promise<DriveDoc> {
    const problems = checkSelectionWeights(content.weights);
    if (problems.length > 0) refuse(problems);
    const now = new Date();
    const doc: DriveDoc = {
      _id: new ObjectId(),
      institutionId,
      code: content.code,
      name: content.name,
      positions: content.positions,
      eligibility: content.eligibility,
      weights: content.weights,
      status: 'open',
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.drives, doc, () => new Errors.SELECTION_DRIVE_CODE_TAKEN());
    await this.events.note(
      institutionId,
      actor,
      'selection-drive.created',
      'selection_drives',
      doc._id,
      doc.code,
    );
    return doc;
  }

  async updateDrive(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: DriveChanges,
    actor: Actor,
  ): Promise<DriveDoc> {
    const current = await this.getDrive(institutionId, id);
    if (current.status === 'closed') throw new Errors.SELECTION_DRIVE_CLOSED();
    const problems = changes.weights ? checkSelectionWeights(changes.weights) : [];
    if (changes.positions !== undefined) {
      const certified = await this.candidates$(institutionId).countDocuments({
        driveId: id,
        certification: { $ne: null },
      });
      if (changes.positions < certified)
        problems.push({
          path: '/positions',
          message: {
            en: `${certified} candidates are already certified; positions cannot be fewer (${changes.positions})`,
            zh: `已认证 ${certified} 人，岗位数（${changes.positions}）不能更少`,
          },
        });
    }
    if (problems.length > 0) refuse(problems);
    const updated = await this.drives$(institutionId).updateGuarded(id, rev, changes);
    await this.events.note(
      institutionId,
      actor,
      'selection-drive.updated',
      'selection_drives',
      id,
      Object.keys(changes).join(', '),
    );
    return updated;
  }

  async closeDrive(institutionId: ObjectId, id: ObjectId, rev: number, actor: Actor): Promise<DriveDoc> {
    const current = await this.getDrive(institutionId, id);
    if (current.status === 'closed') throw new Errors.SELECTION_DRIVE_CLOSED();
    const updated = await this.drives$(institutionId).updateGuarded(id, rev, {
      status: 'closed',
      closedBecause: 'closed',
    });
    await this.events.note(
      institutionId,
      actor,
      'selection-drive.closed',
      'selection_drives',
      id,
      current.code,
    );
    return updated;
  }

  /** Removes a drive that certified nobody, with its candidates. */
  async removeDrive(institutionId: ObjectId, id: ObjectId, rev: number, actor: Actor): Promise<void> {
    const current = await this.getDrive(institutionId, id);
    if (current.rev !== rev) throw new Errors.CONFLICT();
    const certified = await this.candidates$(institutionId).countDocuments({
      driveId: id,
      certification: { $ne: null },
    });
    if (certified > 0) throw new Errors.SELECTION_DRIVE_HAS_CERTIFIED();
    const { deletedCount } = await this.drives.deleteOne({ _id: id, institutionId, rev });
    if (deletedCount === 0) throw new Errors.CONFLICT();
    await this.candidates.deleteMany({ institutionId, driveId: id });
    await this.events.note(
      institutionId,
      actor,
      'selection-drive.removed',
      'selection_drives',
      id,
      current.code,
    );
  }
}
