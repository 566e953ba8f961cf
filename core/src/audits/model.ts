import type {
  AuditPlanContent,
  AuditStatus,
  FindingSeverity,
  InspectionMethod,
  SamplingDesign,
} from '@rapport/schemas';
import type { FastifyBaseLogger } from 'fastify';
import type { ObjectId } from 'mongodb';
import type { CyclesService } from '../appraisal/cycles/service.js';
import type { FactsService } from '../customers/facts.js';
import type { Actor, EventsService } from '../events/service.js';
import type { FormsService } from '../forms/service.js';
import { validationError } from '../infra/errors.js';
import type { JobRegistry } from '../infra/queues.js';
import type { OrgUnitsService } from '../managers/org-units.js';
import type { ManagersService } from '../managers/service.js';
import type { NotificationsService } from '../notifications/service.js';
import type { SubmissionsService } from '../submissions/service.js';
import type { UsersService } from '../users/service.js';
import type { PlanProblem } from './plans.js';
import type { Draw, PopulationUnit } from './sampling.js';

// The audits capability's documents and what its three services share: plans (plans-service.ts),
// runs and their draws (runs-service.ts), and the inspections they create (inspections-service.ts).

export const AUDIT_QUEUE = 'audits';
export const DAY_MS = 86_400_000;

export interface AuditPlanDoc extends AuditPlanContent {
  _id: ObjectId;
  institutionId: ObjectId;
  status: 'active' | 'paused';
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One run of a plan: the population as it stood, the draw and its commitment. */
export interface AuditRunDoc extends Omit<Draw, 'n'> {
  _id: ObjectId;
  institutionId: ObjectId;
  planId: ObjectId;
  /** Which trigger this run answers (a scheduler's job id, or `manual-…`): one run per occurrence. */
  occurrence: string;
  plan: Pick<AuditPlanContent, 'code' | 'name' | 'kind' | 'mode' | 'announced'>;
  design: SamplingDesign;
  population: PopulationUnit[];
  n: number;
  commitment: string;
  /** Secret until every audit of the run is closed. */
  seed: string;
  seedRevealedAt: Date | null;
  status: 'open' | 'closed';
  createdAt: Date;
  closedAt: Date | null;
}

export interface Finding {
  id: string;
  severity: FindingSeverity;
  method: InspectionMethod;
  description: string;
  evidence: string;
  correctiveAction: string;
  recordedAt: Date;
  recordedBy: Actor;
}

/** One manager's inspection from a run. */
export interface AuditDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  planId: ObjectId;
  runId: ObjectId;
  managerId: ObjectId;
  /** null when no auditor of the pool is free of conflicts: an admin assigns one. */
  auditorId: ObjectId | null;
  plan: Pick<AuditPlanContent, 'code' | 'name' | 'mode' | 'announced' | 'checklistFormKey' | 'methods'>;
  status: AuditStatus;
  dueAt: Date;
  openedAt: Date | null;
  checklistSubmissionId: ObjectId | null;
  findings: Finding[];
  response: { at: Date; text: string } | null;
  closedAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What runs a plan: the job data of triggers and runs. */
export interface PlanJob {
  institutionId: string;
  planId: string;
  occurrence?: string;
}

export const schedulerId = (planId: ObjectId | string) => `audit-plan-${planId.toString()}`;
export const runJobId = (planId: string, occurrence: string) =>
  `run-${planId}-${occurrence}`.replaceAll(':', '-');

export function refuse(problems: PlanProblem[]): never {
  throw validationError(problems.map((p) => ({ in: 'body', ...p })));
}

/** What the audit services use of other capabilities. */
export interface AuditDeps {
  /** The customers capability's view of each manager's portfolio. */
  portfolios: Pick<FactsService, 'portfolios'>;
  forms: FormsService;
  submissions: SubmissionsService;
  managers: ManagersService;
  orgUnits: OrgUnitsService;
  users: UsersService;
  cycles: CyclesService;
  notifications: NotificationsService;
  events: EventsService;
  jobs: JobRegistry;
  log: FastifyBaseLogger;
  /** The shortest time allowed between two triggers of a plan. */
  minScheduleSeconds: number;
}
