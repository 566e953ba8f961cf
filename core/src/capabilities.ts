import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import appraisalRoutes from './appraisal/cycles/appraisal-routes.js';
import evaluationRoutes from './appraisal/cycles/evaluation-routes.js';
import cyclesPluginKind from './appraisal/cycles/plugin-kind.js';
import cyclesRoutes from './appraisal/cycles/routes.js';
import cyclesService from './appraisal/cycles/service.js';
import indicatorsPluginKind from './appraisal/indicators/plugin-kind.js';
import indicatorsRoutes from './appraisal/indicators/routes.js';
import indicatorsService from './appraisal/indicators/service.js';
import resultsRoutes from './appraisal/results/routes.js';
import resultsService from './appraisal/results/service.js';
import auditInspectionRoutes from './audits/inspection-routes.js';
import auditsService from './audits/plugin.js';
import auditPlansPluginKind from './audits/plugin-kind.js';
import auditsRoutes from './audits/routes.js';
import auditRunRoutes from './audits/run-routes.js';
import customersBusinessData from './customers/business-data.js';
import customerFactRoutes from './customers/fact-routes.js';
import customersService from './customers/plugin.js';
import customersPluginKind from './customers/plugin-kind.js';
import customersRoutes from './customers/routes.js';
import customerVisitRoutes from './customers/visit-routes.js';
import formsPluginKind from './forms/plugin-kind.js';
import formsRoutes from './forms/routes.js';
import formsService from './forms/service.js';
import gradeRoutes from './managers/grade-routes.js';
import gradesService from './managers/grades.js';
import gradesPluginKind from './managers/grades-plugin-kind.js';
import orgUnitRoutes from './managers/org-unit-routes.js';
import orgUnitsService from './managers/org-units.js';
import managersRoutes from './managers/routes.js';
import managersService from './managers/service.js';
import notificationsRoutes from './notifications/routes.js';
import notificationsService from './notifications/service.js';
import pluginsRoutes, { mountPluginServers } from './plugins/routes.js';
import pluginsService from './plugins/service.js';
import reportsRoutes from './reports/routes.js';
import reportsService from './reports/service.js';
import selectionCandidateRoutes from './selection/candidate-routes.js';
import selectionPluginKind from './selection/plugin-kind.js';
import selectionRoutes from './selection/routes.js';
import selectionService from './selection/service.js';
import migrationsService from './submissions/migrations.js';
import submissionsRoutes from './submissions/routes.js';
import submissionsService from './submissions/service.js';
import peoplePluginKind from './users/plugin-kind.js';
import usersRoutes from './users/routes.js';
import webhooksRoutes from './webhooks/routes.js';
import webhooksService from './webhooks/service.js';
import workflowInstanceRoutes from './workflows/instance-routes.js';
import workflowsService from './workflows/plugin.js';
import workflowsPluginKind from './workflows/plugin-kind.js';
import workflowsRoutes from './workflows/routes.js';

/** Every capability, each after those it needs: what the server runs. */
export const ALL_CAPABILITIES = [
  'notifications',
  'webhooks',
  'org',
  'selection',
  'forms',
  'workflows',
  'customers',
  'indicators',
  'cycles',
  'audits',
  'reports',
  'plugins',
] as const;

export type CapabilityName = (typeof ALL_CAPABILITIES)[number];

/** What assembling a capability needs of the app's options. */
export interface CapabilityOptions {
  sessionSecret: string;
  pluginsDir: string | null;
  coreVersion: string;
  auditMinIntervalSeconds: number;
}

/**
 * A capability of the platform beyond the base (institutions, users, sign-in, activity log): its
 * services (fastify-plugins with their declared dependencies, its plugin kind among them), its routes
 * under /api/institutions/:institutionId, and anything it mounts elsewhere.
 */
interface Capability {
  /** Capabilities it builds on: assembled first, and always with it. */
  needs: CapabilityName[];
  services(app: FastifyInstance, opts: CapabilityOptions): Promise<void>;
  routes: FastifyPluginAsync[];
  mount?(app: FastifyInstance): Promise<void>;
}

const serving =
  (...plugins: FastifyPluginAsync[]) =>
  async (app: FastifyInstance) => {
    for (const plugin of plugins) await app.register(plugin);
  };

const CAPABILITIES: Record<CapabilityName, Capability> = {
  notifications: {
    needs: [],
    services: serving(notificationsService),
    routes: [notificationsRoutes],
  },
  webhooks: { needs: [], services: serving(webhooksService), routes: [webhooksRoutes] },
  // People and where they work: users, the org tree, manager profiles and grades.
  org: {
    needs: ['notifications'],
    services: serving(orgUnitsService, managersService, gradesService, gradesPluginKind, peoplePluginKind),
    routes: [usersRoutes, orgUnitRoutes, managersRoutes, gradeRoutes],
  },
  selection: {
    needs: ['org'],
    services: serving(selectionService, selectionPluginKind),
    routes: [selectionRoutes, selectionCandidateRoutes],
  },
  forms: {
    needs: [],
    services: serving(formsService, submissionsService, migrationsService, formsPluginKind),
    routes: [formsRoutes, submissionsRoutes],
  },
  workflows: {
    needs: ['forms', 'org', 'notifications'],
    services: serving(workflowsService, workflowsPluginKind),
    routes: [workflowsRoutes, workflowInstanceRoutes],
  },
  customers: {
    needs: ['org', 'forms'],
    services: serving(customersService, customersPluginKind),
    routes: [customersRoutes, customerFactRoutes, customerVisitRoutes],
  },
  indicators: {
    needs: [],
    services: serving(indicatorsService, indicatorsPluginKind),
    routes: [indicatorsRoutes],
  },
  cycles: {
    // Quantitative indicators read the customers' business.
    needs: ['workflows', 'indicators', 'customers'],
    async services(app, opts) {
      await app.register(cyclesService, { secret: opts.sessionSecret });
      await serving(customersBusinessData, resultsService, cyclesPluginKind)(app);
    },
    routes: [cyclesRoutes, appraisalRoutes, resultsRoutes],
    mount: async (app) => {
      await app.register(evaluationRoutes, { prefix: '/api/evaluations' });
    },
  },
  audits: {
    needs: ['cycles', 'customers', 'workflows', 'notifications'],
    async services(app, opts) {
      await app.register(auditsService, { minScheduleSeconds: opts.auditMinIntervalSeconds });
      await app.register(auditPlansPluginKind);
    },
    routes: [auditsRoutes, auditRunRoutes, auditInspectionRoutes],
  },
  reports: { needs: ['cycles', 'customers'], services: serving(reportsService), routes: [reportsRoutes] },
  plugins: {
    needs: ['forms', 'workflows', 'indicators', 'org', 'customers', 'cycles', 'audits', 'selection'],
    async services(app, opts) {
      await app.register(pluginsService, { pluginsDir: opts.pluginsDir, coreVersion: opts.coreVersion });
    },
    routes: [pluginsRoutes],
    mount: mountPluginServers,
  },
};

/** The capabilities asked for with all they need, in the order they are assembled. */
export function withNeeds(asked: readonly CapabilityName[]): CapabilityName[] {
  const wanted = new Set<CapabilityName>();
  const add = (name: CapabilityName) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const need of CAPABILITIES[name].needs) add(need);
  };
  for (const name of asked) add(name);
  return ALL_CAPABILITIES.filter((name) => wanted.has(name));
}

/** Assembles the capabilities' services (in order), then their routes in the institution route group. */
export async function assembleCapabilities(
  app: FastifyInstance,
  names: readonly CapabilityName[],
  opts: CapabilityOptions,
): Promise<{ routes: FastifyPluginAsync[]; mount(): Promise<void> }> {
  const capabilities: Capability[] = names.map((name) => CAPABILITIES[name]);
  for (const capability of capabilities) await capability.services(app, opts);
  return {
    routes: capabilities.flatMap((c) => c.routes),
    async mount() {
      for (const capability of capabilities) await capability.mount?.(app);
    },
  };
}
