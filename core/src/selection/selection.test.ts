import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  PASSWORD,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let other: SeededInstitution;
let admin: ReturnType<typeof as>;
let base: string;

const weights = { education: 10, experience: 10, 'track-record': 20, exam: 30, interview: 30 };
const full = (education: number, experience: number, track: number, exam: number, interview: number) => ({
  education,
  experience,
  'track-record': track,
  exam,
  interview,
});
const fit = { degree: 'bachelor', yearsOfSimilarWork: 3, badRecord: false, healthDeclared: true };

interface Drive {
  id: string;
  rev: number;
  status: string;
}

async function openDrive(code: string, positions: number): Promise<Drive> {
  const res = await admin({
    method: 'POST',
    url: `${base}/selection/drives`,
    payload: { code, name: { zh: `${code} 选拔`, en: `${code} drive` }, positions, weights },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function addCandidate(driveId: string, payload: Record<string, unknown>): Promise<string> {
  const res = await admin({ method: 'POST', url: `${base}/selection/drives/${driveId}/candidates`, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

const driveOf = async (id: string): Promise<Drive> =>
  (await admin({ method: 'GET', url: `${base}/selection/drives/${id}` })).json();

const exam = (n: number) => ({ date: '2025-03-01', score: 80 + n, certificateNumber: `HD-2025-00${n}` });

function certify(driveId: string, rev: number, ids: string[], lang = 'en') {
  return admin({
    method: 'POST',
    url: `${base}/selection/drives/${driveId}/certify`,
    headers: { 'accept-language': lang },
    payload: { rev, certifications: ids.map((candidateId, i) => ({ candidateId, exam: exam(i + 1) })) },
  });
}

let supervisorId: string;

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['selection'] });
  inst = await seedInstitution(t.app, 'sel');
  other = await seedInstitution(t.app, 'other');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  const users = (await admin({ method: 'GET', url: `${base}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  supervisorId = users.find((u) => u.email === inst.users.supervisor)?.id ?? '';
});
afterAll(() => t.close());

describe('drives', () => {
  it('refuses weights not totalling 100, naming the total in zh and en', async () => {
    for (const [lang, message] of [
      ['en', 'score weights total 90, not 100'],
      ['zh-CN', '评分权重合计 90，应为 100'],
    ]) {
      const res = await admin({
        method: 'POST',
        url: `${base}/selection/drives`,
        headers: { 'accept-language': lang as string },
        payload: {
          code: 'BAD',
          name: { zh: '坏', en: 'Bad' },
          positions: 1,
          weights: { ...weights, interview: 20 },
        },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details).toEqual([{ in: 'body', path: '/weights', message }]);
    }
  });

  it("opens with the seed's eligibility rules when none are given, and refuses a taken code", async () => {
    const res = await admin({
      method: 'POST',
      url: `${base}/selection/drives`,
      payload: { code: 'DEFAULTS', name: { zh: '默认', en: 'Defaults' }, positions: 5 },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'open',
      certified: 0,
      eligibility: { minDegree: 'college', minYears: 1, noBadRecord: true, healthDeclaration: true },
      weights: { education: 15, experience: 15, 'track-record': 20, exam: 25, interview: 25 },
    });
    const again = await admin({
      method: 'POST',
      url: `${base}/selection/drives`,
      payload: { code: 'DEFAULTS', name: { zh: '默认', en: 'Defaults' }, positions: 5 },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('SELECTION_ERR_DRIVE_CODE_TAKEN');
  });

  it("is not found from another institution, by either institution's path", async () => {
    const drive = await openDrive('PRIVATE', 1);
    const outsider = as(t.app, await login(t.app, other.users.institution_admin));
    for (const url of [
      `/api/institutions/${other.id}/selection/drives/${drive.id}`,
      `/api/institutions/${inst.id}/selection/drives/${drive.id}`,
      `/api/institutions/${other.id}/selection/drives/${drive.id}/ranking`,
    ]) {
      const res = await outsider({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
    }
    const list = await outsider({ method: 'GET', url: `/api/institutions/${other.id}/selection/drives` });
    expect(list.json().items).toEqual([]);
    const manager = as(t.app, await login(t.app, inst.users.manager));
    expect((await manager({ method: 'GET', url: `${base}/selection/drives` })).statusCode).toBe(403);
  });
});

describe('a drive from candidates to certified trainee managers', () => {
  let drive: Drive;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    drive = await openDrive('HD-2025', 3);
    const d = drive.id;
    // Weighted totals by hand (10/10/20/30/30): a 78, b 77, c 77 (b ahead on the exam, 80 > 70).
    ids.a = await addCandidate(d, {
      ...fit,
      name: '内部甲',
      userId: supervisorId,
      scores: full(80, 70, 60, 90, 80),
    });
    ids.b = await addCandidate(d, {
      ...fit,
      name: '外部乙',
      email: 'yi@people.test',
      scores: full(90, 90, 70, 80, 70),
    });
    ids.c = await addCandidate(d, {
      ...fit,
      name: '外部丙',
      email: 'bing@people.test',
      scores: full(60, 80, 90, 70, 80),
    });
    ids.d = await addCandidate(d, {
      ...fit,
      name: '外部丁',
      email: 'ding@people.test',
      scores: full(90, 90, 90, 90, 0),
    });
    ids.e = await addCandidate(d, {
      name: '外部戊',
      email: 'wu@people.test',
      degree: 'secondary',
      yearsOfSimilarWork: 0,
      badRecord: true,
      badRecordNote: '逾期贷款',
      healthDeclared: false,
      scores: full(100, 100, 100, 100, 100),
    });
    drive = await driveOf(d);
  });

  it('shows each candidate with the reasons of every failed rule', async () => {
    const res = await admin({ method: 'GET', url: `${base}/selection/drives/${drive.id}/candidates` });
    const wu = res.json().items.find((c: { id: string }) => c.id === ids.e);
    expect(wu.eligibility).toEqual({
      eligible: false,
      failures: [
        {
          rule: 'degree',
          message: {
            en: 'degree (Secondary school) is below the required College',
            zh: '学历（中专/高中）低于要求的大专',
          },
        },
        {
          rule: 'years',
          message: {
            en: '0 years of similar work; at least 1 required',
            zh: '同类业务工作经历 0 年，要求至少 1 年',
          },
        },
        {
          rule: 'bad-record',
          message: { en: 'has a bad business record: 逾期贷款', zh: '有不良业务记录：逾期贷款' },
        },
        { rule: 'health', message: { en: 'no health declaration', zh: '未提交健康声明' } },
      ],
    });
  });

  it('takes scores as the interview happens, one stage at a time', async () => {
    const before = (await admin({ method: 'GET', url: `${base}/selection/drives/${drive.id}/candidates` }))
      .json()
      .items.find((c: { id: string }) => c.id === ids.d);
    const cleared = await admin({
      method: 'PATCH',
      url: `${base}/selection/drives/${drive.id}/candidates/${ids.d}`,
      payload: { rev: before.rev, scores: { interview: null } },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ missingScores: ['interview'], total: null });
    expect(cleared.json().scores).toEqual({ education: 90, experience: 90, 'track-record': 90, exam: 90 });
  });

  it('ranks the eligible by weighted total with the tie explained, the others apart', async () => {
    const res = await admin({ method: 'GET', url: `${base}/selection/drives/${drive.id}/ranking` });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(
      body.ranked.map((r: { rank: number; total: number; candidate: { name: string } }) => [
        r.rank,
        r.candidate.name,
        r.total,
      ]),
    ).toEqual([
      [1, '内部甲', 78],
      [2, '外部乙', 77],
      [3, '外部丙', 77],
    ]);
    expect(body.ranked[2].tieBreak).toEqual({
      en: 'same total as No. 2; placed after on Written exam (70 < 80)',
      zh: '与第 2 名总分相同，按笔试得分（70 < 80）排在其后',
    });
    expect(
      body.unranked.map((u: { candidate: { name: string }; reasons: unknown }) => [
        u.candidate.name,
        u.reasons,
      ]),
    ).toEqual([['外部丁', [{ en: 'no score yet for Interview', zh: '尚无面试得分' }]]]);
    expect(
      body.ineligible.map((i: { candidate: { name: string }; reasons: unknown[] }) => [
        i.candidate.name,
        i.reasons.length,
      ]),
    ).toEqual([['外部戊', 4]]);
  });

  it('refuses to certify the ineligible and the unranked, with their reasons, and certifies nobody', async () => {
    const en = await certify(drive.id, drive.rev, [ids.a as string, ids.d as string, ids.e as string]);
    expect(en.statusCode, en.body).toBe(409);
    expect(en.json().error.code).toBe('SELECTION_ERR_NOT_CERTIFIABLE');
    expect(
      en.json().error.details.map((d: { name: string; message: string }) => `${d.name}: ${d.message}`),
    ).toEqual([
      '外部丁: no score yet for Interview',
      '外部戊: degree (Secondary school) is below the required College',
      '外部戊: 0 years of similar work; at least 1 required',
      '外部戊: has a bad business record: 逾期贷款',
      '外部戊: no health declaration',
    ]);
    const zh = await certify(drive.id, drive.rev, [ids.e as string], 'zh-CN');
    expect(zh.json().error.message).toBe('未认证任何人：详情中所列候选人因所述原因不能认证');
    expect(zh.json().error.details[3].message).toBe('未提交健康声明');
    const managers = await admin({ method: 'GET', url: `${base}/managers` });
    expect(managers.json().total).toBe(0);
  });

  it('certifies an internal and an external candidate as trainee managers; only the new account gets a password', async () => {
    const res = await certify(drive.id, drive.rev, [ids.a as string, ids.b as string]);
    expect(res.statusCode, res.body).toBe(200);
    const [internal, external] = res.json().results;
    expect(internal).toMatchObject({ userId: supervisorId, email: inst.users.supervisor });
    expect(internal.password).toBeUndefined();
    expect(internal.candidate.certification).toMatchObject({
      date: '2025-03-01',
      score: 81,
      certificateNumber: 'HD-2025-001',
    });
    expect(external.email).toBe('yi@people.test');
    expect(external.password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(res.json().drive).toMatchObject({ status: 'open', certified: 2 });

    // The supervisor is now a manager, and sees their own profile.
    const formerSupervisor = as(t.app, await login(t.app, inst.users.supervisor, PASSWORD));
    const own = await formerSupervisor({ method: 'GET', url: `${base}/managers/${supervisorId}` });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      grade: 'trainee',
      certifications: [{ name: 'HD-2025 · HD-2025-001', certifiedAt: '2025-03-01', score: 81 }],
    });
    expect(own.json().gradeHistory).toMatchObject([
      { from: null, to: 'trainee', reason: 'certified in drive HD-2025' },
    ]);

    // The external candidate signs in with the password shown once.
    const newcomer = as(t.app, await login(t.app, 'yi@people.test', external.password));
    const mine = await newcomer({ method: 'GET', url: `${base}/managers` });
    expect(mine.json().items).toMatchObject([
      {
        name: '外部乙',
        grade: 'trainee',
        certifications: [{ name: 'HD-2025 · HD-2025-002', certifiedAt: '2025-03-01', score: 82 }],
      },
    ]);
    const all = await admin({ method: 'GET', url: `${base}/managers?grade=trainee` });
    expect(
      all
        .json()
        .items.map((m: { name: string }) => m.name)
        .sort(),
    ).toEqual(['sel supervisor', '外部乙'].sort());
  });

  it('refuses to certify the same candidate twice, even with a stale rev, and opens no second profile', async () => {
    const current = await driveOf(drive.id);
    for (const rev of [current.rev, drive.rev]) {
      const res = await certify(drive.id, rev, [ids.b as string]);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'SELECTION_ERR_ALREADY_CERTIFIED',
        details: [{ message: '外部乙 was already certified in this drive (certificate HD-2025-002)' }],
      });
    }
    const managers = await admin({ method: 'GET', url: `${base}/managers` });
    expect(managers.json().total).toBe(2);
  });

  it('refuses a stale rev, and closes the drive when the last position is filled', async () => {
    const stale = await certify(drive.id, drive.rev, [ids.c as string]);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('ERR_CONFLICT');
    const current = await driveOf(drive.id);
    const res = await certify(drive.id, current.rev, [ids.c as string]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().drive).toMatchObject({ status: 'closed', closedBecause: 'filled', certified: 3 });
    const late = await admin({
      method: 'POST',
      url: `${base}/selection/drives/${drive.id}/candidates`,
      payload: { ...fit, name: '迟到', email: 'late@people.test' },
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SELECTION_ERR_DRIVE_CLOSED');
  });

  it('refuses a person who already has a manager profile in a later drive', async () => {
    const next = await openDrive('HD-2026', 2);
    const again = await addCandidate(next.id, {
      ...fit,
      name: '内部甲',
      userId: supervisorId,
      scores: full(80, 80, 80, 80, 80),
    });
    const res = await certify(next.id, next.rev, [again]);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.details[0].message).toBe(
      '内部甲 already has a manager profile; no second one is opened',
    );
  });

  it('closes a drive explicitly', async () => {
    const spare = await openDrive('SPARE', 4);
    const res = await admin({
      method: 'POST',
      url: `${base}/selection/drives/${spare.id}/close`,
      payload: { rev: spare.rev },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'closed', closedBecause: 'closed' });
  });
});
