import type {
  CategoryWeights,
  EvaluationSource,
  Grade,
  IndicatorContent,
  IndicatorSetContent,
  Message,
  ScoringRule,
  SourceWeights,
} from '@rapport/schemas';
import type { ObjectId } from 'mongodb';
import type { Actor } from '../../events/service.js';
import type { IndicatorsService, InstallReport } from './service.js';

/** Ratings on the usual five-point scale: 1 poor … 5 excellent. */
const FIVE_POINT: ScoringRule = { kind: 'scale', min: 1, max: 5 };

function qualitative(
  code: string,
  letter: string,
  name: Message,
  category: IndicatorContent['category'],
  sources: EvaluationSource[],
): IndicatorContent {
  return {
    code,
    name,
    description: {
      zh: `定性考核标准 ${letter}（第二篇 七（四））`,
      en: `Qualitative standard ${letter} (part 2 §7(4))`,
    },
    category,
    kind: 'qualitative',
    rule: FIVE_POINT,
    sources,
  };
}

/**
 * The seed's qualitative standards A–J (定性考核标准) and quantitative standards (定量考核标准),
 * with the categories of part 2 §7(二): results with customers are performance, what customers and
 * colleagues see of the manager's conduct is behaviour, capability and overall quality are ability.
 */
export const DEFAULT_INDICATORS: IndicatorContent[] = [
  qualitative(
    'relationship-network',
    'A',
    { zh: '与客户关系网扩大程度', en: 'Growth of the customer relationship network' },
    'performance',
    ['self', 'supervisor'],
  ),
  qualitative(
    'relationship-progress',
    'B',
    { zh: '与客户关系是否有了新的进展', en: 'Progress in customer relationships' },
    'performance',
    ['self', 'supervisor'],
  ),
  qualitative(
    'institution-understanding',
    'C',
    { zh: '客户对本机构的认识是否加深', en: "Customers' deeper understanding of the institution" },
    'behaviour',
    ['customer', 'supervisor'],
  ),
  qualitative(
    'business-knowledge',
    'D',
    {
      zh: '客户对本机构的业务是否有更多的了解',
      en: "Customers' better knowledge of the institution's business",
    },
    'behaviour',
    ['customer', 'supervisor'],
  ),
  qualitative(
    'customer-trust',
    'E',
    { zh: '客户对本机构的信任度是否提高', en: "Customers' growing trust in the institution" },
    'behaviour',
    ['customer', 'supervisor'],
  ),
  qualitative(
    'continued-cooperation',
    'F',
    {
      zh: '客户是否决定与本机构继续、扩大再合作',
      en: 'Customers deciding to continue or extend cooperation',
    },
    'performance',
    ['customer', 'supervisor'],
  ),
  qualitative(
    'customer-rating',
    'G',
    { zh: '客户对客户经理的评价', en: "Customers' rating of the manager" },
    'behaviour',
    ['customer'],
  ),
  qualitative('work-performance', 'H', { zh: '个人工作表现', en: 'Work performance' }, 'behaviour', [
    'self',
    'supervisor',
    'peer',
  ]),
  qualitative('work-ability', 'I', { zh: '个人工作能力', en: 'Work ability' }, 'ability', [
    'self',
    'supervisor',
    'peer',
  ]),
  qualitative(
    'overall-quality',
    'J',
    { zh: '个人综合素质和同事评价', en: 'Overall quality and peer rating' },
    'ability',
    ['self', 'supervisor', 'peer'],
  ),
  {
    code: 'new-customers',
    name: { zh: '新客户增加数', en: 'New customers' },
    description: {
      zh: '定量考核标准 A：考核期内新增客户户数',
      en: 'Quantitative standard A: customers gained in the period',
    },
    category: 'performance',
    kind: 'quantitative',
    rule: { kind: 'linear', target: 10, targetScore: 100, cap: 100 },
    sources: [],
    expression: '$count(customers[isNew = true])',
    unit: { zh: '户', en: 'customers' },
  },
  {
    code: 'customer-volume-growth',
    name: { zh: '客户业务量增长率', en: "Growth of customers' business volume" },
    description: {
      zh: '定量考核标准 B：老客户业务量较上期的平均增长率（%）',
      en: "Quantitative standard B: average growth of existing customers' business volume on the previous period (%)",
    },
    category: 'performance',
    kind: 'quantitative',
    // Beating the target still earns points: 10 % growth scores 80, 12.5 % or more scores 100.
    rule: { kind: 'linear', target: 10, targetScore: 80, cap: 100 },
    sources: [],
    expression:
      '$average(customers[isNew != true and volume.previous > 0].((volume.current - volume.previous) / volume.previous * 100))',
    unit: { zh: '%', en: '%' },
  },
  {
    code: 'customer-scope-growth',
    name: { zh: '客户业务范围增长', en: "Growth of customers' business scope" },
    description: {
      zh: '定量考核标准 B：老客户平均新增使用的产品数',
      en: 'Quantitative standard B: products added per existing customer, on average',
    },
    category: 'performance',
    kind: 'quantitative',
    rule: {
      kind: 'bands',
      bands: [
        { min: 0, score: 60 },
        { min: 0.25, score: 75 },
        { min: 0.5, score: 90 },
        { min: 1, score: 100 },
      ],
    },
    sources: [],
    expression: '$average(customers[isNew != true].(products.current - products.previous))',
    unit: { zh: '个产品', en: 'products' },
  },
  {
    code: 'inspection-findings',
    name: { zh: '检查发现问题', en: 'Inspection findings' },
    description: {
      zh: '考核期内已结束的检查发现的问题，按严重程度计分（一般 1、较重 2、严重 3）；未受检查则不计入',
      en: 'Findings of inspections closed in the period, weighted by severity (low 1, medium 2, high 3); not counted when not inspected',
    },
    category: 'behaviour',
    kind: 'quantitative',
    // Lower is better: no finding scores 100, six points of findings or more score 0.
    rule: { kind: 'linear', target: 0, targetScore: 100, cap: 100, floor: 6 },
    sources: [],
    expression: 'audits.closed > 0 ? audits.findingPoints',
    unit: { zh: '分', en: 'points' },
  },
];

const SOURCE_WEIGHTS: SourceWeights = { self: 10, supervisor: 50, peer: 20, customer: 20 };

/** Higher grades answer more for results (part 2 §6–7): performance weighs more, and targets rise. */
const GRADE_PLAN: Record<Grade, { categories: CategoryWeights; newCustomers: number; name: Message }> = {
  senior: {
    categories: { performance: 60, behaviour: 20, ability: 20 },
    newCustomers: 12,
    name: { zh: '高级客户经理考核指标', en: 'Senior manager indicators' },
  },
  level1: {
    categories: { performance: 60, behaviour: 20, ability: 20 },
    newCustomers: 10,
    name: { zh: '一级客户经理考核指标', en: 'Level 1 manager indicators' },
  },
  level2: {
    categories: { performance: 55, behaviour: 25, ability: 20 },
    newCustomers: 8,
    name: { zh: '二级客户经理考核指标', en: 'Level 2 manager indicators' },
  },
  trainee: {
    categories: { performance: 50, behaviour: 30, ability: 20 },
    newCustomers: 5,
    name: { zh: '见习客户经理考核指标', en: 'Trainee manager indicators' },
  },
};

function defaultSet(grade: Grade): IndicatorSetContent {
  const plan = GRADE_PLAN[grade];
  return {
    code: `default-${grade}`,
    name: plan.name,
    grade,
    items: [
      // Performance: quantitative results first, then what the relationships show (total 100).
      {
        indicator: 'new-customers',
        weight: 25,
        rule: { kind: 'linear', target: plan.newCustomers, targetScore: 100, cap: 100 },
      },
      { indicator: 'customer-volume-growth', weight: 25 },
      { indicator: 'customer-scope-growth', weight: 15 },
      { indicator: 'relationship-network', weight: 10 },
      { indicator: 'relationship-progress', weight: 10 },
      { indicator: 'continued-cooperation', weight: 15 },
      // Behaviour (total 100); inspection findings weigh in only for managers inspected in the period.
      { indicator: 'customer-rating', weight: 24 },
      { indicator: 'customer-trust', weight: 16 },
      { indicator: 'institution-understanding', weight: 8 },
      { indicator: 'business-knowledge', weight: 8 },
      { indicator: 'work-performance', weight: 24 },
      { indicator: 'inspection-findings', weight: 20 },
      // Ability (total 100).
      { indicator: 'work-ability', weight: 60 },
      { indicator: 'overall-quality', weight: 40 },
    ],
    categoryWeights: plan.categories,
    sourceWeights: SOURCE_WEIGHTS,
  };
}

/** One default set per grade. */
export const DEFAULT_INDICATOR_SETS: IndicatorSetContent[] = (
  ['senior', 'level1', 'level2', 'trainee'] as const
).map(defaultSet);

/**
 * Installs the default library and sets into an institution; what already exists (by code) is
 * left as the institution made it, so running it again changes nothing. For the demo seed and
 * `POST /api/institutions/:id/indicators/defaults`.
 */
export function installDefaultIndicators(
  indicators: IndicatorsService,
  institutionId: ObjectId,
  actor: Actor | null,
): Promise<InstallReport> {
  return indicators.install(institutionId, DEFAULT_INDICATORS, DEFAULT_INDICATOR_SETS, actor);
}
