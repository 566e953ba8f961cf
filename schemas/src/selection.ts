import type { Message } from './vocabulary.js';

/** Degrees from lowest to highest; eligibility asks for one at least as high as the drive's minimum. */
export const DEGREES = ['secondary', 'college', 'bachelor', 'master', 'doctorate'] as const;
export type Degree = (typeof DEGREES)[number];

export const DEGREE_LABELS: Record<Degree, Message> = {
  secondary: { zh: '中专/高中', en: 'Secondary school' },
  college: { zh: '大专', en: 'College' },
  bachelor: { zh: '本科', en: "Bachelor's" },
  master: { zh: '硕士', en: "Master's" },
  doctorate: { zh: '博士', en: 'Doctorate' },
};

/** The five stages candidates are scored on (part 2 §5): 学历, 资历, 业绩, 笔试, 面试. */
export const SELECTION_CRITERIA = ['education', 'experience', 'track-record', 'exam', 'interview'] as const;
export type SelectionCriterion = (typeof SELECTION_CRITERIA)[number];

export const SELECTION_CRITERION_LABELS: Record<SelectionCriterion, Message> = {
  education: { zh: '学历', en: 'Education' },
  experience: { zh: '资历', en: 'Experience' },
  'track-record': { zh: '业绩', en: 'Track record' },
  exam: { zh: '笔试', en: 'Written exam' },
  interview: { zh: '面试', en: 'Interview' },
};

/** The rules of eligibility (任职条件), one check each. */
export const ELIGIBILITY_RULES = ['degree', 'years', 'bad-record', 'health'] as const;
export type EligibilityRule = (typeof ELIGIBILITY_RULES)[number];

/** What a candidate must meet to be ranked at all; each institution sets them per drive. */
export interface EligibilityRules {
  /** The lowest degree accepted. @defaultValue 'college' (大专以上学历) */
  minDegree: Degree;
  /** Years of similar work at least. @defaultValue 1 (一年以上同类业务工作经历) */
  minYears: number;
  /** Refuse a candidate with a bad business record. @defaultValue true (无不良业务记录) */
  noBadRecord: boolean;
  /** Refuse a candidate who has not declared their health. @defaultValue true (身体健康) */
  healthDeclaration: boolean;
}

/** The seed's 任职条件 (part 2 §6). */
export const DEFAULT_ELIGIBILITY_RULES: EligibilityRules = {
  minDegree: 'college',
  minYears: 1,
  noBadRecord: true,
  healthDeclaration: true,
};

/** How much each stage counts in the weighted total; the weights total 100. */
export type SelectionWeights = Record<SelectionCriterion, number>;

/** The seed names the five stages but no weights: these lean on the exam and interview, every stage counts. */
export const DEFAULT_SELECTION_WEIGHTS: SelectionWeights = {
  education: 15,
  experience: 15,
  'track-record': 20,
  exam: 25,
  interview: 25,
};

/** A recruitment drive (客户经理招聘或选拔): how many to certify, who is eligible, how they are scored. */
export interface SelectionDriveContent {
  code: string;
  name: Message;
  /** How many managers the drive certifies; it closes when they are filled. */
  positions: number;
  eligibility: EligibilityRules;
  weights: SelectionWeights;
}

export type SelectionScores = Partial<Record<SelectionCriterion, number>>;

/** What eligibility and ranking read of a candidate. */
export interface CandidateAssessment {
  degree: Degree;
  /** Years of similar work (同类业务工作经历). */
  yearsOfSimilarWork: number;
  badRecord: boolean;
  /** What the bad record is, as the institution noted it. */
  badRecordNote?: string;
  healthDeclared: boolean;
  /** 0–100 per stage, entered as the stages happen; a stage not yet held has none. */
  scores: SelectionScores;
}

/**
 * A candidate: an internal one is an existing user of the institution (`userId`), an external one
 * is known by a contact (`email`, the account they get when certified; `phone` optional).
 */
export interface CandidateContent extends CandidateAssessment {
  name: string;
  userId?: string;
  email?: string;
  phone?: string;
}

const text = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: {
    zh: { type: 'string', minLength: 1, maxLength: 200 },
    en: { type: 'string', minLength: 1, maxLength: 200 },
  },
} as const;
const score = { type: 'number', minimum: 0, maximum: 100 } as const;

/** JSON Schema (draft-07) of eligibility rules. */
export const eligibilityRulesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['minDegree', 'minYears', 'noBadRecord', 'healthDeclaration'],
  properties: {
    minDegree: { enum: [...DEGREES] },
    minYears: { type: 'number', minimum: 0, maximum: 60 },
    noBadRecord: { type: 'boolean' },
    healthDeclaration: { type: 'boolean' },
  },
} as const;

/** JSON Schema (draft-07) of score weights; that they total 100 is checkSelectionWeights' job. */
export const selectionWeightsSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...SELECTION_CRITERIA],
  properties: Object.fromEntries(SELECTION_CRITERIA.map((c) => [c, score])) as Record<
    SelectionCriterion,
    typeof score
  >,
} as const;

/** JSON Schema (draft-07) of a drive; eligibility and weights may be left out for the defaults. */
export const selectionDriveSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'positions'],
  properties: {
    code: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$' },
    name: text,
    positions: { type: 'integer', minimum: 1, maximum: 10000 },
    eligibility: eligibilityRulesSchema,
    weights: selectionWeightsSchema,
  },
} as const;

/** JSON Schema (draft-07) of the scores of a candidate, each stage optional. */
export const selectionScoresSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(SELECTION_CRITERIA.map((c) => [c, score])) as Record<
    SelectionCriterion,
    typeof score
  >,
} as const;

/** JSON Schema (draft-07) of a new candidate: exactly one of `userId` (internal) or `email` (external). */
export const candidateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'degree', 'yearsOfSimilarWork', 'badRecord', 'healthDeclared'],
  oneOf: [{ required: ['userId'] }, { required: ['email'] }],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, pattern: '\\S' },
    userId: { type: 'string', pattern: '^[0-9a-f]{24}$' },
    email: { type: 'string', format: 'email', maxLength: 254 },
    phone: { type: 'string', maxLength: 40 },
    degree: { enum: [...DEGREES] },
    yearsOfSimilarWork: { type: 'number', minimum: 0, maximum: 60 },
    badRecord: { type: 'boolean' },
    badRecordNote: { type: 'string', maxLength: 1000 },
    healthDeclared: { type: 'boolean' },
    scores: selectionScoresSchema,
  },
} as const;

/** The drive's rules and weights, the seed's defaults where it gives none. */
export function withSelectionDefaults(
  drive: Omit<SelectionDriveContent, 'eligibility' | 'weights'> & Partial<SelectionDriveContent>,
): SelectionDriveContent {
  return {
    code: drive.code,
    name: drive.name,
    positions: drive.positions,
    eligibility: drive.eligibility ?? { ...DEFAULT_ELIGIBILITY_RULES },
    weights: drive.weights ?? { ...DEFAULT_SELECTION_WEIGHTS },
  };
}

/** One thing wrong with a drive, where it is, in both languages. */
export interface SelectionProblem {
  path: string;
  message: Message;
}

// Weights may carry decimals (12.5); a total within this of 100 is 100.
const EPSILON = 1e-6;

/** A number as people write it: at most two decimals, no float noise. */
function shown(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** The weights' problem, if they do not total 100; the message names the actual total. */
export function checkSelectionWeights(weights: SelectionWeights, path = '/weights'): SelectionProblem[] {
  const total = SELECTION_CRITERIA.reduce((sum, c) => sum + weights[c], 0);
  if (Math.abs(total - 100) <= EPSILON) return [];
  return [
    {
      path,
      message: {
        en: `score weights total ${shown(total)}, not 100`,
        zh: `评分权重合计 ${shown(total)}，应为 100`,
      },
    },
  ];
}

/** A rule the candidate fails, and why, in both languages. */
export interface EligibilityFailure {
  rule: EligibilityRule;
  message: Message;
}

/** Every eligibility rule the candidate fails (none: eligible), each with its reason. */
export function checkEligibility(
  rules: EligibilityRules,
  candidate: CandidateAssessment,
): EligibilityFailure[] {
  const failures: EligibilityFailure[] = [];
  const add = (rule: EligibilityRule, en: string, zh: string) => failures.push({ rule, message: { en, zh } });
  if (DEGREES.indexOf(candidate.degree) < DEGREES.indexOf(rules.minDegree)) {
    const has = DEGREE_LABELS[candidate.degree];
    const needs = DEGREE_LABELS[rules.minDegree];
    add(
      'degree',
      `degree (${has.en}) is below the required ${needs.en}`,
      `学历（${has.zh}）低于要求的${needs.zh}`,
    );
  }
  if (candidate.yearsOfSimilarWork < rules.minYears)
    add(
      'years',
      `${shown(candidate.yearsOfSimilarWork)} years of similar work; at least ${shown(rules.minYears)} required`,
      `同类业务工作经历 ${shown(candidate.yearsOfSimilarWork)} 年，要求至少 ${shown(rules.minYears)} 年`,
    );
  if (rules.noBadRecord && candidate.badRecord) {
    const note = candidate.badRecordNote?.trim();
    add(
      'bad-record',
      `has a bad business record${note ? `: ${note}` : ''}`,
      `有不良业务记录${note ? `：${note}` : ''}`,
    );
  }
  if (rules.healthDeclaration && !candidate.healthDeclared)
    add('health', 'no health declaration', '未提交健康声明');
  return failures;
}

/** The weighted total of complete scores, to four decimals (so equal totals compare equal). */
export function weightedTotal(weights: SelectionWeights, scores: SelectionScores): number {
  const sum = SELECTION_CRITERIA.reduce((acc, c) => acc + ((scores[c] ?? 0) * weights[c]) / 100, 0);
  return Math.round(sum * 10_000) / 10_000;
}

/** The stages that count (weight above 0) for which the candidate has no score yet. */
export function missingScores(weights: SelectionWeights, scores: SelectionScores): SelectionCriterion[] {
  return SELECTION_CRITERIA.filter((c) => weights[c] > 0 && scores[c] === undefined);
}

export interface RankedCandidate<C> {
  candidate: C;
  /** 1 for the best; every place is distinct (ties are broken, see rankCandidates). */
  rank: number;
  total: number;
  /** How a candidate with the same total as the one above was placed after them; null otherwise. */
  tieBreak: Message | null;
}

export interface Ranking<C> {
  ranked: RankedCandidate<C>[];
  /** Eligible, but a stage that counts has no score yet. */
  unranked: { candidate: C; missing: SelectionCriterion[]; reasons: Message[] }[];
  ineligible: { candidate: C; failures: EligibilityFailure[] }[];
}

/**
 * Ranks the eligible candidates by weighted total, best first. Equal totals are broken by the
 * stage scores in order of weight (heaviest first; equal weights in the order education,
 * experience, track record, exam, interview), and when every score is equal by `id` ascending
 * (ObjectIds grow with time: the earlier application first). Candidates missing a score that counts
 * and ineligible ones are listed apart with their reasons, in the order given.
 */
export function rankCandidates<C extends CandidateAssessment & { id: string }>(
  drive: Pick<SelectionDriveContent, 'eligibility' | 'weights'>,
  candidates: readonly C[],
): Ranking<C> {
  const ranking: Ranking<C> = { ranked: [], unranked: [], ineligible: [] };
  const scored: { candidate: C; total: number }[] = [];
  for (const candidate of candidates) {
    const failures = checkEligibility(drive.eligibility, candidate);
    if (failures.length > 0) {
      ranking.ineligible.push({ candidate, failures });
      continue;
    }
    const missing = missingScores(drive.weights, candidate.scores);
    if (missing.length > 0) {
      ranking.unranked.push({
        candidate,
        missing,
        reasons: [
          {
            en: `no score yet for ${missing.map((c) => SELECTION_CRITERION_LABELS[c].en).join(', ')}`,
            zh: `尚无${missing.map((c) => SELECTION_CRITERION_LABELS[c].zh).join('、')}得分`,
          },
        ],
      });
      continue;
    }
    scored.push({ candidate, total: weightedTotal(drive.weights, candidate.scores) });
  }

  const order = [...SELECTION_CRITERIA].sort((a, b) => drive.weights[b] - drive.weights[a]);
  const tieBreakers = order.filter((c) => drive.weights[c] > 0);
  const score = (c: C, k: SelectionCriterion) => c.scores[k] ?? 0;
  scored.sort((a, b) => {
    if (a.total !== b.total) return b.total - a.total;
    for (const k of tieBreakers) {
      const d = score(b.candidate, k) - score(a.candidate, k);
      if (d !== 0) return d;
    }
    return a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0;
  });

  scored.forEach(({ candidate, total }, i) => {
    const above = scored[i - 1];
    let tieBreak: Message | null = null;
    if (above && above.total === total) {
      const k = tieBreakers.find((c) => score(above.candidate, c) !== score(candidate, c));
      if (k) {
        const label = SELECTION_CRITERION_LABELS[k];
        const mine = shown(score(candidate, k));
        const theirs = shown(score(above.candidate, k));
        tieBreak = {
          en: `same total as No. ${i}; placed after on ${label.en} (${mine} < ${theirs})`,
          zh: `与第 ${i} 名总分相同，按${label.zh}得分（${mine} < ${theirs}）排在其后`,
        };
      } else {
        tieBreak = {
          en: `same total and scores as No. ${i}; placed after as the later application`,
          zh: `与第 ${i} 名总分及各项得分均相同，按报名先后排在其后`,
        };
      }
    }
    ranking.ranked.push({ candidate, rank: i + 1, total, tieBreak });
  });
  return ranking;
}
