import { describe, expect, it } from 'vitest';
import { DEFAULT_RESULT_SETTINGS, paySheet, proposeGradeChange } from './appraisal-results.js';

const rules = DEFAULT_RESULT_SETTINGS.gradeRules;

describe('grade rules', () => {
  it('propose a promotion after two excellent results in a row, not after one', () => {
    expect(proposeGradeChange(rules, 'level2', ['excellent'], false)).toBeNull();
    expect(proposeGradeChange(rules, 'level2', ['excellent', 'good', 'excellent'], false)).toBeNull();
    expect(proposeGradeChange(rules, 'level2', ['excellent', 'excellent'], false)).toMatchObject({
      to: 'level1',
      rule: 'promote',
      reason: { en: '2 consecutive excellent results' },
    });
    // Nothing above senior.
    expect(proposeGradeChange(rules, 'senior', ['excellent', 'excellent'], true)).toBeNull();
  });

  it('propose a demotion on an unqualified result, except for a trainee', () => {
    expect(proposeGradeChange(rules, 'level1', ['unqualified'], true)).toMatchObject({
      to: 'level2',
      rule: 'demote',
    });
    expect(proposeGradeChange(rules, 'trainee', ['unqualified'], true)).toBeNull();
    expect(
      proposeGradeChange({ ...rules, demoteOnUnqualified: false }, 'level1', ['unqualified'], true),
    ).toBeNull();
  });

  it('move a certified trainee to level 2 with a qualified result or better', () => {
    expect(proposeGradeChange(rules, 'trainee', ['qualified'], true)).toMatchObject({
      to: 'level2',
      rule: 'trainee',
    });
    expect(proposeGradeChange(rules, 'trainee', ['qualified'], false)).toBeNull();
    const noCertificate = {
      ...rules,
      traineeToLevel2: { minLevel: 'good' as const, requireCertification: false },
    };
    expect(proposeGradeChange(noCertificate, 'trainee', ['qualified'], false)).toBeNull();
    expect(proposeGradeChange(noCertificate, 'trainee', ['good'], false)?.to).toBe('level2');
  });
});

describe('pay sheet', () => {
  it('shares the pool by coefficient and adds base and behaviour pay (hand-computed)', () => {
    const settings = { ...DEFAULT_RESULT_SETTINGS.pay, performancePool: 10_000, behaviourRate: 10 };
    const [a, b, c] = paySheet(settings, 3, [
      {
        managerId: 'a',
        grade: 'level1',
        monthlyBase: 9000,
        level: 'excellent',
        total: 90,
        behaviourScore: 80,
      },
      {
        managerId: 'b',
        grade: 'level2',
        monthlyBase: 7000,
        level: 'qualified',
        total: 70,
        behaviourScore: 60,
      },
      { managerId: 'c', grade: 'trainee', monthlyBase: 5000, level: null, total: null, behaviourScore: null },
    ]);
    // Coefficients 1.5 × 0.9 = 1.35 and 1 × 0.7 = 0.7; the pool splits 1.35 : 0.7 of 2.05.
    expect(a).toMatchObject({
      coefficient: 1.35,
      baseSalary: 27_000,
      performancePay: 6585.36,
      behaviourPay: 800,
    });
    expect(a?.totalPay).toBe(34_385.36);
    expect(b).toMatchObject({
      coefficient: 0.7,
      baseSalary: 21_000,
      performancePay: 3414.63,
      behaviourPay: 600,
    });
    // No result yet: base only.
    expect(c).toMatchObject({ coefficient: 0, performancePay: 0, behaviourPay: 0, totalPay: 15_000 });
    // The pool is paid out whole but for rounding down to the cent.
    expect(10_000 - ((a?.performancePay ?? 0) + (b?.performancePay ?? 0))).toBeCloseTo(0.01, 5);
  });
});
