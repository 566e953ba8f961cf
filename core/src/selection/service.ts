import {
  type CandidateAssessment,
  checkSelectionWeights,
  type Message,
  type Ranking,
  rankCandidates,
  type SelectionDriveContent,
  type SelectionProblem,
  type SelectionScores,
} from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import { generatePassword } from '../auth/passwords.js';
import type { Actor, EventsService } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { insertUnique, TenantCollection } from '../infra/tenant.js';
import type { ManagersService } from '../managers/service.js';
import type { UserDoc, UsersService } from '../users/service.js';

declare module 'fastify' {
  interface FastifyInstance {
    selection: SelectionService;
  }
}

export const DRIVE_STATUSES = ['open', 'closed'] as const;
export type DriveStatus = (typeof DRIVE_STATUSES)[number];

export interface DriveDoc extends SelectionDriveContent {
  _id: ObjectId;
  institutionId: ObjectId;
  status: DriveStatus;
  /** Why it closed: its positions were filled, or an admin closed it. */
  closedBecause?: 'filled' | 'closed';
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The exam record a candidate is certified with (资格认证). */
export interface ExamRecord {
  date: Date;
  score: number;
  certificateNumber: string;
}

export interface CandidateDoc extends CandidateAssessment {
  _id: ObjectId;
  institutionId: ObjectId;
  driveId: ObjectId;
  /** The person, once per drive: the user id of an internal candidate, the email of an external one. */
  key: string;
  name: string;
  /** The internal candidate's account; an external one's once certification created it. */
  userId: ObjectId | null;
  email: string | null;
  phone: string | null;
  /** Whether the candidate came from outside (their account was or will be created at certification). */
  external: boolean;
  certification: (ExamRecord & { certifiedAt: Date; by: Actor }) | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export type DriveChanges = Partial<Omit<SelectionDriveContent, 'code'>>;

export interface NewCandidate extends CandidateAssessment {
  name: string;
  userId?: ObjectId;
  email?: string;
  phone?: string;
}

export type CandidateChanges = Partial<
  Pick<
    CandidateDoc,
    'name' | 'phone' | 'degree' | 'yearsOfSimilarWork' | 'badRecord' | 'badRecordNote' | 'healthDeclared'
  >
> & {
  /** Scores to set; null clears one. Stages not named keep theirs. */
  scores?: Partial<Record<keyof SelectionScores, number | null>>;
};

/** One candidate's certification: the profile opened and, for an external one, the password made once. */
export interface CertifyResult {
  candidate: CandidateDoc;
  user: UserDoc;
  /** Given only here, once: the account was just created for an external candidate. */
  password?: string;
}

/** A candidate that cannot be certified, and why. */
export interface Refusal {
  candidateId: string;
  name: string;
  reasons: Message[];
}

export type CandidateRanking = Ranking<CandidateDoc & { id: string }>;

function refuse(problems: SelectionProblem[]): never {
  throw validationError(problems.map((p) => ({ in: 'body', ...p })));
}

function refuseCertifying(refusals: Refusal[], err: Error): never {
  (err as unknown as { details: unknown }).details = refusals.flatMap((r) =>
    r.reasons.map((message) => ({ in: 'body', path: `/candidates/${r.candidateId}`, name: r.name, message })),
  );
  throw err;
}

export class SelectionService {
  constructor(
    private readonly drives: Collection<DriveDoc>,
    private readonly candidates: Collection<CandidateDoc>,
    private readonly users: UsersService,
    private readonly managers: ManagersService,
    private readonly events: EventsService,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.drives.createIndex({ institutionId: 1, code: 1 }, { unique: true });
    await this.candidates.createIndex({ institutionId: 1, driveId: 1, key: 1 }, { unique: true });
  }

  private drives$(institutionId: ObjectId) {
    return new TenantCollection(this.drives, institutionId);
  }

  private candidates$(institutionId: ObjectId) {
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

  // ---- candidates ----

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

  /** The drive's candidates: eligible ones ranked, the others apart with their reasons. */
  async ranking(
    institutionId: ObjectId,
    driveId: ObjectId,
  ): Promise<{ drive: DriveDoc; ranking: CandidateRanking }> {
    const drive = await this.getDrive(institutionId, driveId);
    const candidates = await this.listCandidates(institutionId, driveId);
    return { drive, ranking: rankOf(drive, candidates) };
  }

  /**
   * Certifies ranked candidates: each becomes a `trainee` manager with the exam record as a
   * certification. Everything is checked before anything is written, and the drive's `rev` is
   * claimed first so two admins cannot certify at once. With no transactions, each candidate is
   * written in an order a retry can resume: account, role, profile, then the candidate's record.
   */
  async certify(
    institutionId: ObjectId,
    driveId: ObjectId,
    rev: number,
    requests: { candidateId: ObjectId; exam: ExamRecord }[],
    actor: Actor,
    viewer: UserDoc,
  ): Promise<{ drive: DriveDoc; results: CertifyResult[] }> {
    const drive = await this.getDrive(institutionId, driveId);
    const candidates = await this.listCandidates(institutionId, driveId);
    const byId = new Map(candidates.map((c) => [c._id.toHexString(), c]));
    const chosen = requests.map((r) => {
      const candidate = byId.get(r.candidateId.toHexString());
      if (!candidate) throw new Errors.NOT_FOUND();
      return { candidate, exam: r.exam };
    });

    const already = chosen.filter(({ candidate }) => candidate.certification);
    if (already.length > 0)
      refuseCertifying(
        already.map(({ candidate }) => ({
          candidateId: candidate._id.toHexString(),
          name: candidate.name,
          reasons: [
            {
              en: `${candidate.name} was already certified in this drive (certificate ${candidate.certification?.certificateNumber})`,
              zh: `${candidate.name} 已在本次选拔中通过认证（证书编号 ${candidate.certification?.certificateNumber}）`,
            },
          ],
        })),
        new Errors.SELECTION_ALREADY_CERTIFIED(),
      );
    // Checked after "already certified", so that sending the same request twice says what happened.
    if (drive.rev !== rev) throw new Errors.CONFLICT();
    if (drive.status === 'closed') throw new Errors.SELECTION_DRIVE_CLOSED();

    const refusals = await this.certifiable(institutionId, drive, candidates, chosen, viewer);
    if (refusals.length > 0) refuseCertifying(refusals, new Errors.SELECTION_NOT_CERTIFIABLE());

    const certifiedBefore = candidates.filter((c) => c.certification).length;
    const left = drive.positions - certifiedBefore;
    if (chosen.length > left)
      throw validationError([
        {
          in: 'body',
          path: '/certifications',
          message: {
            en: `${chosen.length} chosen but only ${left} of ${drive.positions} positions are left`,
            zh: `选定 ${chosen.length} 人，但 ${drive.positions} 个岗位只剩 ${left} 个`,
          },
        },
      ]);

    // Claims the drive: a second certifier holding the same rev now gets 409.
    let current = await this.drives$(institutionId).updateGuarded(driveId, rev, {});
    const results: CertifyResult[] = [];
    for (const { candidate, exam } of chosen)
      results.push(await this.certifyOne(institutionId, drive, candidate, exam, actor));

    if (certifiedBefore + results.length >= drive.positions)
      current = await this.drives$(institutionId).updateGuarded(driveId, current.rev, {
        status: 'closed',
        closedBecause: 'filled',
      });
    await this.events.note(
      institutionId,
      actor,
      'selection-drive.certified',
      'selection_drives',
      driveId,
      `${drive.code}: ${results.map((r) => r.candidate.name).join(', ')}`,
    );
    return { drive: current, results };
  }

  /** Why each chosen candidate cannot be certified: ineligible, unranked, or the person cannot become a manager. */
  private async certifiable(
    institutionId: ObjectId,
    drive: DriveDoc,
    candidates: CandidateDoc[],
    chosen: { candidate: CandidateDoc }[],
    viewer: UserDoc,
  ): Promise<Refusal[]> {
    const ranking = rankOf(drive, candidates);
    const reasonsOf = new Map<string, Message[]>();
    for (const { candidate, failures } of ranking.ineligible)
      reasonsOf.set(
        candidate.id,
        failures.map((f) => f.message),
      );
    for (const { candidate, reasons } of ranking.unranked) reasonsOf.set(candidate.id, reasons);

    const seen = new Set<string>();
    const refusals: Refusal[] = [];
    for (const { candidate } of chosen) {
      const id = candidate._id.toHexString();
      const reasons = [...(reasonsOf.get(id) ?? [])];
      if (seen.has(id)) reasons.push({ en: 'chosen twice', zh: '重复选择' });
      seen.add(id);
      if (candidate.userId?.equals(viewer._id))
        reasons.push({ en: 'you cannot certify yourself', zh: '不能认证自己' });
      else if (candidate.userId) {
        const user = await this.users.get(institutionId, candidate.userId).catch(() => null);
        if (!user) reasons.push({ en: 'the account no longer exists', zh: '该账号已不存在' });
        else if (user.disabled) reasons.push({ en: 'the account is disabled', zh: '该账号已停用' });
        else if (await this.hasProfile(institutionId, user._id, viewer))
          reasons.push({
            en: `${candidate.name} already has a manager profile; no second one is opened`,
            zh: `${candidate.name} 已有客户经理档案，不会重复建立`,
          });
      } else if (candidate.email && (await this.users.findByEmail(candidate.email)))
        reasons.push({
          en: `an account with the email ${candidate.email} already exists; add the person as an internal candidate`,
          zh: `邮箱 ${candidate.email} 已有账号，请以内部候选人身份添加`,
        });
      if (reasons.length > 0) refusals.push({ candidateId: id, name: candidate.name, reasons });
    }
    return refusals;
  }

  private async hasProfile(institutionId: ObjectId, userId: ObjectId, viewer: UserDoc): Promise<boolean> {
    try {
      await this.managers.read(institutionId, userId, viewer);
      return true;
    } catch (err) {
      if (err instanceof Errors.NOT_FOUND) return false;
      throw err;
    }
  }

  private async certifyOne(
    institutionId: ObjectId,
    drive: DriveDoc,
    candidate: CandidateDoc,
    exam: ExamRecord,
    actor: Actor,
  ): Promise<CertifyResult> {
    let password: string | undefined;
    let user: UserDoc;
    let doc = candidate;
    if (candidate.userId) {
      user = await this.users.get(institutionId, candidate.userId);
    } else {
      password = generatePassword();
      user = await this.users.create(
        institutionId,
        { email: candidate.email ?? '', name: candidate.name, password, role: 'manager' },
        actor,
      );
      // Kept at once: a retry after a failure below finds the account and goes on from there.
      doc = await this.candidates$(institutionId).updateGuarded(doc._id, doc.rev, { userId: user._id });
    }
    if (user.role !== 'manager')
      user = await this.users.update(institutionId, user._id, user.rev, { role: 'manager' }, actor);
    await this.managers.create(
      institutionId,
      {
        userId: user._id,
        grade: 'trainee',
        teamRole: 'relationship-manager',
        supervisorId: null,
        industryGroups: [],
        certifications: [
          { name: `${drive.code} · ${exam.certificateNumber}`, certifiedAt: exam.date, score: exam.score },
        ],
        reason: `certified in drive ${drive.code}`,
      },
      actor,
    );
    const certifiedAt = new Date();
    doc = await this.candidates$(institutionId).updateGuarded(
      doc._id,
      doc.rev,
      { certification: { ...exam, certifiedAt, by: actor } },
      certifiedAt,
    );
    return { candidate: doc, user, ...(password ? { password } : {}) };
  }
}

/** rankCandidates over stored candidates (ids as hex strings, as the ranking breaks ties by them). */
export function rankOf(
  drive: Pick<DriveDoc, 'eligibility' | 'weights'>,
  candidates: CandidateDoc[],
): CandidateRanking {
  return rankCandidates(
    drive,
    candidates.map((c) => ({ ...c, id: c._id.toHexString() })),
  );
}

export default fp(
  async (app) => {
    const db = app.mongo.db;
    const service = new SelectionService(
      db.collection<DriveDoc>('selection_drives'),
      db.collection<CandidateDoc>('selection_candidates'),
      app.users,
      app.managers,
      app.events,
    );
    await service.ensureIndexes();
    app.decorate('selection', service);
  },
  {
    name: 'selection-service',
    dependencies: ['mongo', 'users-service', 'managers-service', 'events-service'],
  },
);
