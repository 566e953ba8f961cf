import type { FastifyInstance } from 'fastify';
import type { ObjectId } from 'mongodb';
import { installDefaultIndicators } from './appraisal/indicators/defaults.js';
import { actorOf, type UserDoc } from './users/service.js';

const DAY_MS = 86_400_000;

/** Customers per demo manager, with the size of their monthly business. */
const DEMO_CUSTOMERS = [
  { name: '东风农机合作社', kind: 'enterprise', monthly: 1_200_000 },
  { name: '绿源果品有限公司', kind: 'enterprise', monthly: 420_000 },
  { name: '李家种养大户', kind: 'household', monthly: 35_000 },
];

/**
 * A program in motion for the demo institution: the default indicators, three customers per
 * manager with a year of monthly facts, and this year's appraisal cycle launched, so every demo
 * manager finds a self-evaluation in their tasks.
 */
export async function seedDemoProgram(
  app: FastifyInstance,
  institutionId: ObjectId,
  admin: UserDoc,
  managers: UserDoc[],
): Promise<void> {
  const actor = actorOf(admin);
  await installDefaultIndicators(app.indicators, institutionId, actor);

  const today = await app.customerFacts.today(institutionId);
  for (const [m, manager] of managers.entries()) {
    for (const [c, template] of DEMO_CUSTOMERS.entries()) {
      const customer = await app.customers.create(
        institutionId,
        {
          code: `D${m + 1}${c + 1}`,
          name: `${template.name}（${manager.name}）`,
          kind: template.kind,
          industryGroup: null,
          fileData: {},
          relationshipManagerId: manager._id,
          productSpecialistIds: [],
        },
        admin,
        actor,
      );
      for (let month = 11; month >= 0; month--) {
        const date = new Date(today.getTime() - month * 30 * DAY_MS);
        // Business grows a little each month, more for some managers than others.
        const amount = Math.round(template.monthly * (1 + ((12 - month) * (m + 1)) / 100));
        await app.customerFacts.record(
          institutionId,
          customer,
          {
            date,
            kind: 'volume',
            amount,
            product: c === 0 ? 'loans' : 'deposits',
            externalId: `demo-${m}-${c}-v${month}`,
          },
          actor,
        );
        await app.customerFacts.record(
          institutionId,
          customer,
          {
            date,
            kind: 'transaction',
            amount: Math.round(amount / 10),
            product: 'settlement',
            externalId: `demo-${m}-${c}-t${month}`,
          },
          actor,
        );
      }
    }
  }

  const year = today.getUTCFullYear();
  const label = (zh: string, en: string) => ({ zh, en });
  const cycle = await app.cycles.create(
    institutionId,
    {
      code: `y${year}`,
      name: label(`${year} 年度客户经理考核`, `Manager appraisal ${year}`),
      period: { from: `${year}-01-01`, to: `${year}-12-31` },
      regularity: 'regular',
      scope: 'comprehensive',
      plan: {
        purpose: label(
          '客观评价客户经理全年工作，作为等级调整和绩效工资的依据',
          'Appraise the year fairly; the basis of grade changes and performance pay',
        ),
        principles: label(
          '公开、公平、公正；定性与定量结合',
          'Open, fair and just; qualitative and quantitative together',
        ),
        content: label('绩效、行为、能力三类指标', 'Performance, behaviour and ability indicators'),
        timing: label('每年 12 月', 'Every December'),
      },
      population: { orgUnitIds: [], grades: [] },
      indicatorSets: {
        senior: 'default-senior',
        level1: 'default-level1',
        level2: 'default-level2',
        trainee: 'default-trainee',
      },
      sourceWeights: { self: 10, supervisor: 50, peer: 0, customer: 40 },
      customerSample: { size: 2, linkDays: 14 },
      committee: [admin._id.toHexString()],
      levelRule: { kind: 'bands', excellent: 85, good: 75, qualified: 60 },
      phases: [
        { key: 'self', label: label('自评', 'Self-evaluation'), from: `${year}-12-01`, to: `${year}-12-10` },
        {
          key: 'review',
          label: label('主管评价与客户抽样', 'Reviews and customer sample'),
          from: `${year}-12-11`,
          to: `${year}-12-20`,
        },
        {
          key: 'results',
          label: label('校准与公布', 'Calibration and results'),
          from: `${year}-12-21`,
          to: `${year}-12-31`,
        },
      ],
    },
    actor,
  );
  await app.cycles.launch(institutionId, cycle._id, cycle.rev, admin);
}
