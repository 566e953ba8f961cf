import type { CycleContent } from './appraisal-cycle.js';
import type { AuditPlanContent } from './audit-plan.js';
import type { FormContent } from './form-definition.js';
import type { IndicatorContent, IndicatorSetContent } from './indicator.js';
import { type SelectionDriveContent, selectionDriveSchema } from './selection.js';
import { type Grade, INDUSTRIES, type Message, type OrgUnitKind, type TeamRole } from './vocabulary.js';
import type { WorkflowContent } from './workflow-definition.js';

/**
 * An industry plugin's manifest (`plugins/<id>/manifest.json`). What the plugin contributes is
 * named by file, relative to the plugin's folder; the host reads, validates and installs it.
 */
export interface PluginManifest {
  id: string;
  name: Message;
  description: Message;
  /** Semantic version of the plugin. */
  version: string;
  /** The core versions it works with, as a semver range (e.g. "^0.1.0"). */
  core: string;
  industry: (typeof INDUSTRIES)[number];
  /** Plugins that must be installed first, with the versions accepted. */
  dependsOn: { id: string; version: string }[];
  contributes: {
    /** Form definitions (FormContent JSON), e.g. customer files, reports, weekly entries. */
    forms?: string[];
    /** Workflow definitions (WorkflowContent JSON); they may name the plugin's forms. */
    workflows?: string[];
    /** `{ indicators: IndicatorContent[], sets: IndicatorSetContent[] }`. */
    indicators?: string;
    /** Audit checklist forms (FormContent JSON). */
    checklists?: string[];
    /** Audit plan templates: AuditPlanContent without `auditorIds` (the institution's auditors are used). */
    auditPlans?: string;
    /** Customer categories and classification rules: PluginCustomerSettings. */
    customers?: string;
    /** Grade definitions: PluginGrade[]. */
    grades?: string;
    /** An appraisal cycle template: PluginCycleTemplate. */
    cycle?: string;
    /** A demo seed: PluginDemoSeed. */
    demo?: string;
    /** A selection design: PluginSelectionDesign (its drive is opened on install). */
    selection?: string;
  };
  /** A Fastify plugin module (relative path), mounted at /api/plugins/<id>/ for enabling institutions. */
  server?: string;
}

export interface PluginCustomerSettings {
  fileFormKey?: string | null;
  visitFormKey?: string | null;
  weeklyFormKey?: string | null;
  kinds: { key: string; label: Message }[];
  industryGroups: { key: string; label: Message }[];
  rules: {
    windowDays: number;
    frequent: number;
    occasional: number;
    large: number;
    medium: number;
  };
}

export interface PluginGrade {
  grade: Grade;
  criteria: Message;
  customerTiers: string[];
  products: string[];
  baseSalary: number;
}

/** A cycle as a template: the install names it for the current year and puts the installing admin on the committee. */
export type PluginCycleTemplate = Omit<CycleContent, 'period' | 'committee' | 'population'> & {
  population?: CycleContent['population'];
};

export type PluginAuditPlanTemplate = Omit<AuditPlanContent, 'auditorIds'>;

/**
 * Demo data, generated deterministically (a generator seeded by the plugin id) so an install is
 * reproducible: an org tree, named people, then per unit a number of managers, per manager a
 * number of customers with a year of monthly business.
 */
export interface PluginDemoSeed {
  orgUnits: { code: string; name: Message; kind: OrgUnitKind; parent: string | null }[];
  /** Named people (supervisors, auditors, admins); emails are made unique per institution at install. */
  people: {
    key: string;
    name: string;
    role: 'supervisor' | 'auditor' | 'institution_admin';
    unit: string | null;
  }[];
  managers: {
    /** How many managers per org unit code. */
    perUnit: Record<string, number>;
    /** Share of each grade (they need not total 1; they are normalised). */
    grades: Partial<Record<Grade, number>>;
    teamRoles: TeamRole[];
    /** Family and given names the generator combines. */
    familyNames: string[];
    givenNames: string[];
  };
  customers: {
    perManager: number;
    /** Customer kinds (keys of the plugin's customer settings) with their weights. */
    kinds: { kind: string; weight: number; names: string[]; monthlyVolume: { min: number; max: number } }[];
    industryGroups: string[];
    products: string[];
    months: number;
    /** File data per kind, validated against the file form when there is one. */
    fileData?: Record<string, Record<string, unknown>>;
  };
}

const text = {
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: {
    zh: { type: 'string', minLength: 1, maxLength: 2000 },
    en: { type: 'string', minLength: 1, maxLength: 2000 },
  },
} as const;
const file = { type: 'string', pattern: '^[A-Za-z0-9_./-]+\\.json$' } as const;
const files = { type: 'array', items: file, uniqueItems: true } as const;
const semver = {
  type: 'string',
  pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(-[0-9A-Za-z.-]+)?$',
} as const;
const pluginId = { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' } as const;

/** JSON Schema (draft-07) of a plugin manifest. */
export const pluginManifestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'description', 'version', 'core', 'industry', 'dependsOn', 'contributes'],
  properties: {
    id: pluginId,
    name: text,
    description: text,
    version: semver,
    core: { type: 'string', minLength: 1, maxLength: 100 },
    industry: { enum: [...INDUSTRIES] },
    dependsOn: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'version'],
        properties: { id: pluginId, version: { type: 'string', minLength: 1, maxLength: 100 } },
      },
    },
    contributes: {
      type: 'object',
      additionalProperties: false,
      properties: {
        forms: files,
        workflows: files,
        indicators: file,
        checklists: files,
        auditPlans: file,
        customers: file,
        grades: file,
        cycle: file,
        demo: file,
        selection: file,
      },
    },
    server: { type: 'string', pattern: '^[A-Za-z0-9_./-]+\\.(js|mjs|ts)$' },
  },
} as const;

/** Everything a plugin contributes, read from its files. */
export interface PluginContent {
  forms: FormContent[];
  workflows: WorkflowContent[];
  indicators: IndicatorContent[];
  indicatorSets: IndicatorSetContent[];
  checklists: FormContent[];
  auditPlans: PluginAuditPlanTemplate[];
  customers: PluginCustomerSettings | null;
  grades: PluginGrade[];
  cycle: PluginCycleTemplate | null;
  demo: PluginDemoSeed | null;
  selection: PluginSelectionDesign | null;
}

/**
 * A plugin's selection design (`rapport-plugin-selection`): the drive it opens (weights,
 * eligibility, positions) and, beside it, how the stages are held (criteria, exam sections,
 * interview dimensions, certification), kept as the plugin wrote them.
 */
export interface PluginSelectionDesign {
  format: 'rapport-plugin-selection';
  formatVersion: 1;
  drive: Omit<SelectionDriveContent, 'eligibility' | 'weights'> & Partial<SelectionDriveContent>;
  [stage: string]: unknown;
}

/** JSON Schema (draft-07) of a selection design: its format and drive; the stages as written. */
export const pluginSelectionDesignSchema = {
  type: 'object',
  required: ['format', 'formatVersion', 'drive'],
  properties: {
    format: { const: 'rapport-plugin-selection' },
    formatVersion: { const: 1 },
    drive: selectionDriveSchema,
  },
} as const;
