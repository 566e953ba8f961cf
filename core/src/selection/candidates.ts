import type { SelectionScores } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import type { Actor } from '../events/service.js';
import { Errors } from '../infra/errors.js';
import { insertUnique } from '../infra/tenant.js';
import type { UserDoc } from '../users/service.js';
import { SelectionDrives } from './drives.js';
import {
  type CandidateChanges,
  type CandidateDoc,
  type DriveDoc,
  type NewCandidate,
  refuse,
} from './model.js';

// A drive's candidates: internal ones (users of the institution) and external ones (by email), added,
// assessed and scored while the drive is open and until they are certified.

export class SelectionCandidates extends SelectionDrives {
  listCandidates(institutionId: ObjectId, driveId: ObjectId): Promise<CandidateDoc[]> {
    return this.candidates$(institutionId).find({ driveId }, { sort: { _id: 1 } });
  }

  async getCandidate(institutionId: ObjectId, driveId: ObjectId, id: ObjectId): Promise<CandidateDoc> {
    const doc = await this.candidates$(institutionId).get(id);
    if (!doc.driveId.equals(driveId)) throw new Errors.NOT_FOUND();
    return doc;
  }

  private async openDrive(institutionId: ObjectId, driveId: ObjectId): Promise<DriveDoc> {
    const drive = await this.getDrive(institutionId, driveId);
    if (drive.status === 'closed') throw new Errors.SELECTION_DRIVE_CLOSED();
    return drive;
  }

  async addCandidate(
    institutionId: ObjectId,
    driveId: ObjectId,
    input: NewCandidate,
    actor: Actor,
  ): Promise<CandidateDoc> {
    const drive = await this.openDrive(institutionId, driveId);
    let user: UserDoc | null = null;
    if (input.userId) {
      user = await this.users.get(institutionId, input.userId).catch(() => null);
      if (!user)
        refuse([
          { path: '/userId', message: { en: 'no such user in this institution', zh: '本机构没有该用户' } },
        ]);
    }
    const now = new Date();
    const doc: CandidateDoc = {
      _id: new ObjectId(),
      institutionId,
      driveId,
      key: user ? user._id.toHexString() : (input.email ?? '').toLowerCase(),
      name: input.name,
      userId: user?._id ?? null,
      email: user ? user.email : (input.email ?? '').toLowerCase(),
      phone: input.phone ?? null,
      external: !user,
      degree: input.degree,
      yearsOfSimilarWork: input.yearsOfSimilarWork,
      badRecord: input.badRecord,
      ...(input.badRecordNote ? { badRecordNote: input.badRecordNote } : {}),
      healthDeclared: input.healthDeclared,
      scores: input.scores,
      certification: null,
      rev: 1,
      createdAt: now,
      updatedAt: now,
    };
    await insertUnique(this.candidates, doc, () => new Errors.SELECTION_CANDIDATE_EXISTS());
    await this.events.note(
      institutionId,
      actor,
      'selection-candidate.added',
      'selection_candidates',
      doc._id,
      `${drive.code}: ${doc.name}`,
    );
    return doc;
  }

  async updateCandidate(
    institutionId: ObjectId,
    driveId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: CandidateChanges,
    actor: Actor,
  ): Promise<CandidateDoc> {
    await this.openDrive(institutionId, driveId);
    const current = await this.getCandidate(institutionId, driveId, id);
    if (current.certification) throw new Errors.SELECTION_CANDIDATE_CERTIFIED();
    const { scores, ...rest } = changes;
    const set: Partial<CandidateDoc> = { ...rest };
    if (scores) {
      const merged: SelectionScores = { ...current.scores };
      for (const [k, v] of Object.entries(scores) as [keyof SelectionScores, number | null][]) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      set.scores = merged;
    }
    const updated = await this.candidates$(institutionId).updateGuarded(id, rev, set);
    await this.events.note(
      institutionId,
      actor,
      'selection-candidate.updated',
      'selection_candidates',
      id,
      Object.keys(changes).join(', '),
    );
    return updated;
  }

  async removeCandidate(
    institutionId: ObjectId,
    driveId: ObjectId,
    id: ObjectId,
    rev: number,
    actor: Actor,
  ): Promise<void> {
    await this.openDrive(institutionId, driveId);
    const current = await this.getCandidate(institutionId, driveId, id);
    if (current.certification) throw new Errors.SELECTION_CANDIDATE_CERTIFIED();
    const { deletedCount } = await this.candidates.deleteOne({ _id: id, institutionId, rev });
    if (deletedCount === 0) throw new Errors.CONFLICT();
    await this.events.note(
      institutionId,
      actor,
      'selection-candidate.removed',
      'selection_candidates',
      id,
      current.name,
    );
  }
}
