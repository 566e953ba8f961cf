import type { EvaluationSource, IndicatorLibrary, IndicatorSetContent, ManagerScore } from '@rapport/schemas';
import type { Collection } from 'mongodb';
import type { InstanceDoc } from '../../workflows/service.js';
import { actualsOf } from '../actuals.js';
import { planScoring, scoreManager } from '../scoring.js';
import type { EvaluationLinksService } from './evaluation-links-service.js';
import { type AppraisalDoc, type CycleDoc, type CyclesDeps, cycleOf, DAY_MS, setsOf } from './model.js';

const dayStart = (date: string) => new Date(`${date}T00:00:00Z`);

/**
 * How an appraisal's score is made: the ratings of each source (the workflow's forms, the customers'
 * answered links) and the quantitative actuals from the business data, weighted by the cycle's plan.
 */
export class AppraisalScoresService {
  constructor(
    private readonly cycles: Collection<CycleDoc>,
    private readonly deps: CyclesDeps,
    private readonly links: EvaluationLinksService,
  ) {}

  /** Ratings per source: from the workflow's submitted forms and the customers' answered links. */
  private async ratingsOf(appraisal: AppraisalDoc, instance: InstanceDoc | null, library: IndicatorLibrary) {
    const ratings: Partial<Record<EvaluationSource, Record<string, number[]>>> = {};
    const add = (source: EvaluationSource, data: Record<string, unknown>) => {
      const bucket = ratings[source] ?? {};
      ratings[source] = bucket;
      for (const [code, value] of Object.entries(data)) {
        const indicator = library.get(code);
        if (indicator?.kind !== 'qualitative' || typeof value !== 'number') continue;
        bucket[code] = [...(bucket[code] ?? []), value];
      }
    };
    const sourceOf: Record<string, EvaluationSource> = {
      'submit-self': 'self',
      'submit-supervisor': 'supervisor',
    };
    for (const entry of instance?.history ?? []) {
      const source = sourceOf[entry.action];
      if (!source || !entry.submissionId) continue;
      const submission = await this.deps.submissions
        .tenant(appraisal.institutionId)
        .findOne({ _id: entry.submissionId });
      if (submission) add(source, submission.data);
    }
    for (const link of await this.links.linksOf(appraisal.institutionId, appraisal._id)) {
      if (link.answers) add('customer', link.answers);
    }
    return ratings;
  }

  /** Quantitative actuals: each indicator's expression over the manager's business data for the period. */
  private async actualsOf(
    appraisal: AppraisalDoc,
    cycle: CycleDoc,
    library: IndicatorLibrary,
    set: IndicatorSetContent,
  ): Promise<Record<string, number | null>> {
    const business = this.deps.business;
    if (business.length === 0) return {};
    const period = {
      from: dayStart(cycle.period.from),
      to: new Date(dayStart(cycle.period.to).getTime() + DAY_MS),
    };
    const parts = await Promise.all(
      business.map((b) => b.dataOf(appraisal.institutionId, appraisal.managerId, period)),
    );
    const data = Object.assign({}, ...parts);
    const indicators = set.items.flatMap((item) => {
      const indicator = library.get(item.indicator);
      return indicator ? [indicator] : [];
    });
    return (await actualsOf(indicators, data)).actuals;
  }

  /** The score as the inputs stand now, with how it was made. */
  async compute(appraisal: AppraisalDoc, instance?: InstanceDoc | null): Promise<ManagerScore | null> {
    const cycle = await cycleOf(this.cycles, appraisal.institutionId, appraisal.cycleId);
    const { library, byGrade } = await setsOf(this.deps.indicators, appraisal.institutionId, cycle);
    const set = byGrade.get(appraisal.grade);
    if (!set) return null;
    const run =
      instance === undefined && appraisal.instanceId
        ? await this.deps.workflows.getInstance(appraisal.institutionId, appraisal.instanceId)
        : (instance ?? null);
    const [ratings, actuals] = await Promise.all([
      this.ratingsOf(appraisal, run, library),
      this.actualsOf(appraisal, cycle, library, set),
    ]);
    return scoreManager(planScoring(set, library, cycle.sourceWeights), { ratings, actuals });
  }
}
