import {
  type CandidateAssessment,
  checkEligibility,
  checkSelectionWeights,
  DEFAULT_ELIGIBILITY_RULES,
  DEFAULT_SELECTION_WEIGHTS,
  rankCandidates,
  type SelectionScores,
  type SelectionWeights,
} from '@rapport/schemas';
import { describe, expect, it } from 'vitest';

const fit: CandidateAssessment = {
  degree: 'bachelor',
  yearsOfSimilarWork: 3,
  badRecord: false,
  healthDeclared: true,
  scores: {},
};

const candidate = (id: string, scores: SelectionScores, over: Partial<CandidateAssessment> = {}) => ({
  ...fit,
  ...over,
  id,
  scores,
});

const weights: SelectionWeights = {
  education: 10,
  experience: 10,
  'track-record': 20,
  exam: 30,
  interview: 30,
};
const drive = { eligibility: DEFAULT_ELIGIBILITY_RULES, weights };
const full = (education: number, experience: number, track: number, exam: number, interview: number) => ({
  education,
  experience,
  'track-record': track,
  exam,
  interview,
});

describe('eligibility (任职条件)', () => {
  it("defaults to the seed's: college degree, one year of similar work, no bad record, health declared", () => {
    expect(DEFAULT_ELIGIBILITY_RULES).toEqual({
      minDegree: 'college',
      minYears: 1,
      noBadRecord: true,
      healthDeclaration: true,
    });
    expect(
      checkEligibility(DEFAULT_ELIGIBILITY_RULES, { ...fit, degree: 'college', yearsOfSimilarWork: 1 }),
    ).toEqual([]);
  });

  it('names every failed rule with its reason in zh and en', () => {
    const failures = checkEligibility(DEFAULT_ELIGIBILITY_RULES, {
      degree: 'secondary',
      yearsOfSimilarWork: 0.5,
      badRecord: true,
      badRecordNote: 'overdue loan written off in 2021',
      healthDeclared: false,
      scores: {},
    });
    expect(failures).toEqual([
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
          en: '0.5 years of similar work; at least 1 required',
          zh: '同类业务工作经历 0.5 年，要求至少 1 年',
        },
      },
      {
        rule: 'bad-record',
        message: {
          en: 'has a bad business record: overdue loan written off in 2021',
          zh: '有不良业务记录：overdue loan written off in 2021',
        },
      },
      { rule: 'health', message: { en: 'no health declaration', zh: '未提交健康声明' } },
    ]);
  });

  it('applies only the rules the institution keeps', () => {
    const lenient = {
      minDegree: 'secondary',
      minYears: 0,
      noBadRecord: false,
      healthDeclaration: false,
    } as const;
    expect(
      checkEligibility(lenient, {
        ...fit,
        degree: 'secondary',
        yearsOfSimilarWork: 0,
        badRecord: true,
        healthDeclared: false,
      }),
    ).toEqual([]);
    const strict = { ...DEFAULT_ELIGIBILITY_RULES, minDegree: 'master' } as const;
    expect(checkEligibility(strict, fit).map((f) => f.message.en)).toEqual([
      "degree (Bachelor's) is below the required Master's",
    ]);
  });
});

describe('score weights', () => {
  it('total 100 by default, and a different total is named in the message', () => {
    expect(checkSelectionWeights(DEFAULT_SELECTION_WEIGHTS)).toEqual([]);
    expect(checkSelectionWeights({ ...weights, exam: 20, interview: 32.5 })).toEqual([
      {
        path: '/weights',
        message: { en: 'score weights total 92.5, not 100', zh: '评分权重合计 92.5，应为 100' },
      },
    ]);
  });
});

describe('the ranking', () => {
  it('orders by weighted total, breaking a tie on the heaviest stage, and lists the others apart', () => {
    // By hand, weights 10/10/20/30/30:
    // a: 8 + 7 + 12 + 27 + 24 = 78; b: 9 + 9 + 14 + 24 + 21 = 77; c: 6 + 8 + 18 + 21 + 24 = 77.
    // b and c tie; exam and interview weigh most (30 each, exam first): b's exam 80 beats c's 70.
    const ranking = rankCandidates(drive, [
      candidate('c', full(60, 80, 90, 70, 80)),
      candidate('d', { education: 90, experience: 90, 'track-record': 90, exam: 90 }),
      candidate('e', full(100, 100, 100, 100, 100), { degree: 'secondary' }),
      candidate('b', full(90, 90, 70, 80, 70)),
      candidate('a', full(80, 70, 60, 90, 80)),
    ]);
    expect(ranking.ranked.map((r) => [r.candidate.id, r.rank, r.total])).toEqual([
      ['a', 1, 78],
      ['b', 2, 77],
      ['c', 3, 77],
    ]);
    expect(ranking.ranked.map((r) => r.tieBreak)).toEqual([
      null,
      null,
      {
        en: 'same total as No. 2; placed after on Written exam (70 < 80)',
        zh: '与第 2 名总分相同，按笔试得分（70 < 80）排在其后',
      },
    ]);
    expect(ranking.unranked).toEqual([
      {
        candidate: expect.objectContaining({ id: 'd' }),
        missing: ['interview'],
        reasons: [{ en: 'no score yet for Interview', zh: '尚无面试得分' }],
      },
    ]);
    expect(ranking.ineligible.map((i) => [i.candidate.id, i.failures.map((f) => f.rule)])).toEqual([
      ['e', ['degree']],
    ]);
  });

  it('puts the earlier application first when totals and every score are equal', () => {
    const same = full(70, 70, 70, 70, 70);
    const ranking = rankCandidates(drive, [
      candidate('66b0000000000000000000b2', same),
      candidate('66b0000000000000000000a1', same),
    ]);
    expect(ranking.ranked.map((r) => r.candidate.id)).toEqual([
      '66b0000000000000000000a1',
      '66b0000000000000000000b2',
    ]);
    expect(ranking.ranked[1]?.tieBreak?.en).toBe(
      'same total and scores as No. 1; placed after as the later application',
    );
  });

  it('does not wait for a stage that weighs nothing', () => {
    const noInterview = { ...weights, exam: 60, interview: 0 };
    const ranking = rankCandidates({ ...drive, weights: noInterview }, [
      candidate('x', { education: 50, experience: 50, 'track-record': 50, exam: 100 }),
    ]);
    expect(ranking.ranked.map((r) => r.total)).toEqual([80]);
  });
});
