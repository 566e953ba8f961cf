import {
  type CycleContent,
  type CycleStatus,
  GRADES,
  type Grade,
  type IndicatorSetContent,
  type ManagerScore,
  type Message,
  type ResultLevel,
} from '@rapport/schemas';
import type { Collection, ObjectId } from 'mongodb';
import type { Actor, EventsService } from '../../events/service.js';
import type { FormsService } from '../../forms/service.js';
import { validationError } from '../../infra/errors.js';
import { TenantCollection } from '../../infra/tenant.js';
import type { OrgUnitsService } from '../../managers/org-units.js';
import type { ManagersService } from '../../managers/service.js';
import type { SubmissionsService } from '../../submissions/service.js';
import type { UsersService } from '../../users/service.js';
import type { WorkflowsService } from '../../workflows/service.js';
import type { IndicatorsService } from '../indicators/service.js';

// The appraisal cycles' documents and what their services share: the cycles themselves
// (lifecycle-service.ts), one appraisal per manager and cycle (appraisals-service.ts) and how its
// score is made (scores-service.ts), the customer sample with its evaluation links
// (evaluation-links-service.ts). service.ts composes them.

export const DAY_MS = 86_400_000;

export interface CycleDoc extends CycleContent {
  _id: ObjectId;
  institutionId: ObjectId;
  status: CycleStatus;
  /** Per grade: the generated workflow's id, once launched. */
  workflows: Partial<Record<Grade, string>>;
  launchedAt: Date | null;
  publishedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A change of score by the committee: always with a written reason, never erased. */
export interface Calibration {
  at: Date;
  by: Actor;
  from: number | null;
  to: number;
  reason: string;
}

/** Which customers were asked, and how the draw can be checked. */
export interface CustomerSample {
  drawnAt: Date;
  /** Hex seed of the draw; with the population it reproduces the picks. */
  seed: string;
  /** SHA-256 of the population's ids in canonical order. */
  populationHash: string;
  populationSize: number;
  picked: string[];
}

/** One manager's appraisal in a cycle. */
export interface AppraisalDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  cycleId: ObjectId;
  managerId: ObjectId;
  grade: Grade;
  setCode: string;
  instanceId: ObjectId | null;
  sample: CustomerSample | null;
  calibrations: Calibration[];
  /** Frozen when results are published: the score as computed then. */
  score: ManagerScore | null;
  /** The published total: the last calibration's, else the computed one. */
  finalTotal: number | null;
  level: ResultLevel | null;
  feedback: string;
  publishedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A one-time link a sampled customer answers through, without signing in. */
export interface EvaluationLinkDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  cycleId: ObjectId;
  appraisalId: ObjectId;
  customerId: string;
  customerName: string;
  expiresAt: Date;
  answeredAt: Date | null;
  answers: Record<string, unknown> | null;
}

/** A customer of a manager, as the sample sees it. */
export interface SampleCustomer {
  id: string;
  name: string;
}

/**
 * Where the appraisal reads business facts. Capabilities provide them: the customers (the sample's
 * population and `customers`), the audits (`audits`); each provider's data is merged into what
 * quantitative indicators' expressions read. Without providers there is nothing to sample and no data.
 */
export interface BusinessData {
  /** The customers a manager's sample is drawn from (one provider gives them). */
  customersOf?(institutionId: ObjectId, managerId: ObjectId): Promise<SampleCustomer[]>;
  /** This provider's part of the data for one manager and period, under its own keys. */
  dataOf(institutionId: ObjectId, managerId: ObjectId, period: { from: Date; to: Date }): Promise<object>;
}

/** What the cycle services use of other capabilities. */
export interface CyclesDeps {
  indicators: IndicatorsService;
  forms: FormsService;
  submissions: SubmissionsService;
  workflows: WorkflowsService;
  managers: ManagersService;
  orgUnits: OrgUnitsService;
  users: UsersService;
  events: EventsService;
  /** Signs the evaluation links. */
  secret: string;
  /** The providers connected through `provideBusinessData`, read when sampling and scoring. */
  business: readonly BusinessData[];
}

export function problemsError(problems: { path: string; message: Message }[]) {
  return validationError(problems.map((p) => ({ in: 'body', ...p })));
}

/** A cycle of the institution (404 for another's): every part reads the cycle it works under. */
export function cycleOf(
  cycles: Collection<CycleDoc>,
  institutionId: ObjectId,
  id: ObjectId,
): Promise<CycleDoc> {
  return new TenantCollection(cycles, institutionId).get(id);
}

/** The institution's library and the sets a cycle names, by grade. */
export async function setsOf(indicators: IndicatorsService, institutionId: ObjectId, cycle: CycleContent) {
  const [library, sets] = await Promise.all([
    indicators.library(institutionId),
    indicators.listSets(institutionId),
  ]);
  const byGrade = new Map<Grade, IndicatorSetContent>();
  for (const grade of GRADES) {
    const set = sets.find((s) => s.code === cycle.indicatorSets[grade]);
    if (set) byGrade.set(grade, set);
  }
  return { library, byGrade };
}
