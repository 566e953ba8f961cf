import { RESULT_LEVEL_LABELS, RESULT_LEVELS, type ResultLevel } from './indicator.js';
import { GRADES, type Grade } from './vocabulary.js';

/**
 * How appraisal results move grades (part 2 §6–7), each rule the institution's to change:
 * promotion after consecutive excellent results, demotion on an unqualified one, and a trainee's
 * first step once certified with a good enough result. A rule proposes; a person approves.
 */
export interface GradeRules {
  /** Consecutive `excellent` results (this cycle's included) that propose a promotion; 0 turns it off. */
  promoteAfterExcellent: number;
  /** Whether an `unqualified` result proposes a demotion. */
  demoteOnUnqualified: boolean;
  /** A trainee is proposed for level 2 with at least this result, if certified (when required). */
  traineeToLevel2: { minLevel: ResultLevel; requireCertification: boolean } | null;
}

/**
 * Pay for performance (绩酬挂钩): base salary from the grade, performance pay from a pool shared by
 * individual coefficients, and a behaviour component.
 * - coefficient = level coefficient × total score / 100;
 * - performance pay = pool × coefficient / (sum of everyone's coefficients), so the pool is paid out whole;
 * - behaviour pay = behaviour score (0–100) × `behaviourRate`.
 */
export interface PaySettings {
  /** Performance pay to share among a cycle's managers. */
  performancePool: number;
  levelCoefficients: Record<ResultLevel, number>;
  /** Pay per point of the behaviour category's score. */
  behaviourRate: number;
}

export interface ResultSettings {
  gradeRules: GradeRules;
  pay: PaySettings;
}

export const DEFAULT_RESULT_SETTINGS: ResultSettings = {
  gradeRules: {
    promoteAfterExcellent: 2,
    demoteOnUnqualified: true,
    traineeToLevel2: { minLevel: 'qualified', requireCertification: true },
  },
  pay: {
    performancePool: 100_000,
    levelCoefficients: { excellent: 1.5, good: 1.2, qualified: 1, unqualified: 0.5 },
    behaviourRate: 20,
  },
};

const money = { type: 'number', minimum: 0, maximum: 1e10 } as const;

export const resultSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['gradeRules', 'pay'],
  properties: {
    gradeRules: {
      type: 'object',
      additionalProperties: false,
      required: ['promoteAfterExcellent', 'demoteOnUnqualified', 'traineeToLevel2'],
      properties: {
        promoteAfterExcellent: { type: 'integer', minimum: 0, maximum: 10 },
        demoteOnUnqualified: { type: 'boolean' },
        traineeToLevel2: {
          oneOf: [
            { type: 'null' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['minLevel', 'requireCertification'],
              properties: {
                minLevel: { enum: [...RESULT_LEVELS] },
                requireCertification: { type: 'boolean' },
              },
            },
          ],
        },
      },
    },
    pay: {
      type: 'object',
      additionalProperties: false,
      required: ['performancePool', 'levelCoefficients', 'behaviourRate'],
      properties: {
        performancePool: money,
        levelCoefficients: {
          type: 'object',
          additionalProperties: false,
          required: [...RESULT_LEVELS],
          properties: Object.fromEntries(
            RESULT_LEVELS.map((l) => [l, { type: 'number', minimum: 0, maximum: 10 }]),
          ),
        },
        behaviourRate: money,
      },
    },
  },
} as const;

/** The grade above and below (GRADES runs from the highest). */
export function gradeAbove(grade: Grade): Grade | null {
  const i = GRADES.indexOf(grade);
  return i > 0 ? (GRADES[i - 1] as Grade) : null;
}

export function gradeBelow(grade: Grade): Grade | null {
  const i = GRADES.indexOf(grade);
  return i < GRADES.length - 1 ? (GRADES[i + 1] as Grade) : null;
}

/** Whether `level` is `min` or better. */
export function reaches(level: ResultLevel, min: ResultLevel): boolean {
  return RESULT_LEVELS.indexOf(level) <= RESULT_LEVELS.indexOf(min);
}

/** What a rule proposes for one manager after a cycle's results. */
export interface GradeProposalDraft {
  to: Grade;
  rule: 'promote' | 'demote' | 'trainee';
  reason: { zh: string; en: string };
}

/**
 * The grade change `rules` propose for a manager of `grade`, given their published levels newest
 * first (this cycle's first) and whether they are certified; null when none applies.
 */
export function proposeGradeChange(
  rules: GradeRules,
  grade: Grade,
  levels: readonly ResultLevel[],
  certified: boolean,
): GradeProposalDraft | null {
  const [latest] = levels;
  if (!latest) return null;
  if (grade === 'trainee' && rules.traineeToLevel2) {
    const { minLevel, requireCertification } = rules.traineeToLevel2;
    if (reaches(latest, minLevel) && (certified || !requireCertification))
      return {
        to: 'level2',
        rule: 'trainee',
        reason: {
          zh: `见习期满：本期考核达到“${RESULT_LEVEL_LABELS[minLevel].zh}”及以上${requireCertification ? '且已取得资格认证' : ''}`,
          en: `Trainee period done: this cycle's result is ${RESULT_LEVEL_LABELS[minLevel].en.toLowerCase()} or better${requireCertification ? ' and certified' : ''}`,
        },
      };
  }
  const n = rules.promoteAfterExcellent;
  const up = gradeAbove(grade);
  if (n > 0 && up && levels.length >= n && levels.slice(0, n).every((l) => l === 'excellent'))
    return {
      to: up,
      rule: 'promote',
      reason: { zh: `连续 ${n} 期考核优秀`, en: `${n} consecutive excellent results` },
    };
  const down = gradeBelow(grade);
  if (rules.demoteOnUnqualified && latest === 'unqualified' && down)
    return {
      to: down,
      rule: 'demote',
      reason: { zh: '本期考核不合格', en: "This cycle's result is unqualified" },
    };
  return null;
}

/** One line of a cycle's pay sheet. */
export interface PayLine {
  managerId: string;
  grade: Grade;
  level: ResultLevel | null;
  total: number | null;
  behaviourScore: number | null;
  baseSalary: number;
  coefficient: number;
  performancePay: number;
  behaviourPay: number;
  totalPay: number;
}

const cents = (n: number) => Math.round(n * 100) / 100;

/**
 * A cycle's pay sheet. `months` of base salary per manager (from their grade's monthly base);
 * performance pay shares the pool by coefficient; amounts are rounded to cents, the pool's rounding
 * remainder left unpaid rather than given to anyone.
 */
export function paySheet(
  settings: PaySettings,
  months: number,
  people: readonly {
    managerId: string;
    grade: Grade;
    monthlyBase: number;
    level: ResultLevel | null;
    total: number | null;
    behaviourScore: number | null;
  }[],
): PayLine[] {
  const coefficients = people.map((p) =>
    p.level === null || p.total === null ? 0 : (settings.levelCoefficients[p.level] * p.total) / 100,
  );
  const sum = coefficients.reduce((a, b) => a + b, 0);
  return people.map((p, i) => {
    const coefficient = coefficients[i] as number;
    const baseSalary = cents(p.monthlyBase * months);
    const performancePay =
      sum > 0 ? Math.floor(((settings.performancePool * coefficient) / sum) * 100) / 100 : 0;
    const behaviourPay = cents((p.behaviourScore ?? 0) * settings.behaviourRate);
    return {
      managerId: p.managerId,
      grade: p.grade,
      level: p.level,
      total: p.total,
      behaviourScore: p.behaviourScore,
      baseSalary,
      coefficient: Math.round(coefficient * 10_000) / 10_000,
      performancePay,
      behaviourPay,
      totalPay: cents(baseSalary + performancePay + behaviourPay),
    };
  });
}
