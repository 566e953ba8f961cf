import { type Message, rankCandidates } from '@rapport/schemas';
import fp from 'fastify-plugin';
import type { ObjectId } from 'mongodb';
import { generatePassword } from '../auth/passwords.js';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import type { UserDoc } from '../users/service.js';
import { SelectionCandidates } from './candidates.js';
import type {
  CandidateDoc,
  CandidateRanking,
  CertifyResult,
  DriveDoc,
  ExamRecord,
  Refusal,
} from './model.js';

export type {
  CandidateChanges,
  CandidateDoc,
  CandidateRanking,
  CertifyResult,
  DriveChanges,
  DriveDoc,
  DriveStatus,
  ExamRecord,
  NewCandidate,
  Refusal,
} from './model.js';
export { DRIVE_STATUSES } from './model.js';

declare module 'fastify' {
  interface FastifyInstance {
    selection: SelectionService;
  }
}

function refuseCertifying(refusals: Refusal[], err: Error): never {
  (err as unknown as { details: unknown }).details = refusals.flatMap((r) =>
    r.reasons.map((message) => ({ in: 'body', path: `/candidates/${r.candidateId}`, name: r.name, message })),
  );
  throw err;
}

/**
 * The selection capability's service, in layers cut along its seams: the drives (drives.ts), their
 * candidates (candidates.ts), and here the ranking and certification of candidates.
 */
export class SelectionService extends SelectionCandidates {
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
