import type { FastifyInstance } from 'fastify';
import type { Role } from '../kit/index.js';

/** One operation of the OpenAPI document, as the security suites need it. */
export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, `{param}` style. */
  path: string;
  pathParams: Record<string, JsonSchema>;
  query: Record<string, JsonSchema & { required?: boolean }>;
  body?: JsonSchema;
  /** Documented statuses. */
  statuses: number[];
}

export type JsonSchema = Record<string, unknown>;

/** Paths that are not the API: the OpenAPI UI itself, static UIs and Bull Board. */
const NOT_API = [/^\/docs/, /^\/admin\/queues/];

/** Every API operation listed in GET /docs/json. */
export async function operationsOf(app: FastifyInstance): Promise<Operation[]> {
  const res = await app.inject({ method: 'GET', url: '/docs/json' });
  if (res.statusCode !== 200) throw new Error(`/docs/json answered ${res.statusCode}`);
  const doc = res.json() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string; required?: boolean; schema: JsonSchema }[];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
          responses: Record<string, unknown>;
        }
      >
    >;
  };
  const out: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (NOT_API.some((re) => re.test(path))) continue;
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      out.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, p.schema])),
        query: Object.fromEntries(
          params.filter((p) => p.in === 'query').map((p) => [p.name, { ...p.schema, required: p.required }]),
        ),
        ...(op.requestBody ? { body: op.requestBody.content['application/json']?.schema ?? {} } : {}),
        statuses: Object.keys(op.responses).map(Number),
      });
    }
  }
  return out;
}

export const keyOf = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

/** A well-formed id that names nothing. */
export const UNKNOWN_ID = 'ffffffffffffffffffffffff';

// Strings tried, in order, for a pattern; the first that matches (and fits the length) is used.
const CANDIDATES = ['abc-1', 'Abc1', '2026-01-01', 'abcdefgh12', '/a', 'https://example.test/hook', '*', 'x'];

/**
 * A small valid instance of a JSON Schema: required properties only, the least of every bound.
 * `idFor(name)` gives the id to put in a 24-hex-digit field of that name (default: UNKNOWN_ID).
 */
export function sampleOf(
  schema: JsonSchema,
  idFor: (name: string) => string = () => UNKNOWN_ID,
  name = '',
): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if ('default' in schema && schema.default !== undefined) return schema.default;
  // An object's oneOf/anyOf/allOf that only add constraints (`required`) apply on top of it.
  if (schema.type === 'object') {
    for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
      const alts = schema[k] as JsonSchema[] | undefined;
      if (!alts?.length) continue;
      const { [k]: _, ...rest } = schema;
      const merged = {
        ...rest,
        properties: { ...(rest.properties as object) },
        required: [...((rest.required as string[]) ?? [])],
      };
      for (const alt of k === 'allOf' ? alts : alts.slice(0, 1)) {
        Object.assign(merged.properties, alt.properties);
        merged.required.push(...((alt.required as string[]) ?? []));
      }
      return sampleOf(merged, idFor, name);
    }
  }
  for (const k of ['oneOf', 'anyOf', 'allOf'] as const) {
    const alts = schema[k] as JsonSchema[] | undefined;
    if (alts?.length) {
      if (k === 'allOf') return Object.assign({}, ...alts.map((s) => sampleOf(s, idFor, name)));
      return sampleOf(alts[0] as JsonSchema, idFor, name);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      const out: Record<string, unknown> = {};
      for (const key of required) out[key] = sampleOf(props[key] ?? {}, idFor, key);
      const min = (schema.minProperties as number | undefined) ?? 0;
      for (const key of Object.keys(props)) {
        if (Object.keys(out).length >= min) break;
        out[key] = sampleOf(props[key] as JsonSchema, idFor, key);
      }
      return out;
    }
    case 'array': {
      const n = (schema.minItems as number | undefined) ?? 0;
      const item = (schema.items ?? {}) as JsonSchema;
      return Array.from({ length: n }, (_, i) => {
        const v = sampleOf(item, idFor, name);
        // uniqueItems: vary strings and numbers.
        return typeof v === 'string' ? `${v}${i || ''}` : typeof v === 'number' ? v + i : v;
      });
    }
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? (schema.exclusiveMinimum as number | undefined);
      if (typeof min === 'number')
        return 'exclusiveMinimum' in schema ? min + (type === 'integer' ? 1 : 0.5) : min;
      const max = schema.maximum as number | undefined;
      return typeof max === 'number' && max < 1 ? max : 1;
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string':
      return stringSample(schema, idFor, name);
    default:
      return {};
  }
}

function stringSample(schema: JsonSchema, idFor: (name: string) => string, name: string): string {
  const pattern = schema.pattern as string | undefined;
  if (pattern === '^[0-9a-f]{24}$') return idFor(name);
  switch (schema.format) {
    case 'email':
      return 'someone@example.test';
    case 'date-time':
      return '2026-01-01T00:00:00.000Z';
    case 'date':
      return '2026-01-01';
    case 'uri':
      return 'https://example.test/hook';
  }
  const min = (schema.minLength as number | undefined) ?? 1;
  const max = (schema.maxLength as number | undefined) ?? 1000;
  const fits = (s: string) => s.length >= min && s.length <= max && (!pattern || new RegExp(pattern).test(s));
  const found = CANDIDATES.find(fits);
  if (found) return found;
  return 'a'.repeat(Math.max(min, 1));
}

/**
 * Who may call each route, read from the preHandlers in core/src/**\/routes.ts (app.requireRole).
 * Every route of /docs/json must have an entry: a new route without one fails the matrix test.
 */
export const GROUPS = {
  /** No sign-in needed (health, sign-in, the customer evaluation links). */
  public: [],
  /** Any signed-in user; the route itself decides what they see. */
  signedIn: ['platform_admin', 'institution_admin', 'supervisor', 'auditor', 'manager'],
  platform: ['platform_admin'],
  admins: ['platform_admin', 'institution_admin'],
  /** admins + auditor: audit plans, runs and the audit dashboard. */
  inspectors: ['platform_admin', 'institution_admin', 'auditor'],
  /** Every institution role and the platform admin. */
  members: ['platform_admin', 'institution_admin', 'supervisor', 'auditor', 'manager'],
  /** Those who keep customer files: everyone but the auditor. */
  keepers: ['platform_admin', 'institution_admin', 'supervisor', 'manager'],
  /** admins + supervisor: customer ownership, facts, calibration links. */
  overseers: ['platform_admin', 'institution_admin', 'supervisor'],
  /** admins + supervisor + auditor: who missed their weekly entry. */
  reviewers: ['platform_admin', 'institution_admin', 'supervisor', 'auditor'],
  /** Only managers write their own weekly entries. */
  managersOnly: ['manager'],
} as const satisfies Record<string, readonly Role[]>;

export type Group = keyof typeof GROUPS;

const I = '/api/institutions/{institutionId}';

/** Routes not open to all of `admins` (the most common case); everything else under I is listed too. */
export const ACCESS: Record<string, Group> = {
  'GET /health': 'public',
  'GET /ready': 'public',
  // Not a session route: the scraper's bearer token or loopback decides (core/src/infra/metrics.ts).
  'GET /metrics': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'GET /api/auth/me': 'signedIn',
  'GET /api/evaluations/{token}': 'public',
  'POST /api/evaluations/{token}': 'public',
  'GET /api/institutions': 'platform',
  'POST /api/institutions': 'platform',
  [`GET ${I}`]: 'members',
  [`PATCH ${I}`]: 'platform',
  // users
  [`GET ${I}/users`]: 'admins',
  [`POST ${I}/users`]: 'admins',
  [`PATCH ${I}/users/{id}`]: 'admins',
  // managers, org units, grades
  [`GET ${I}/org-units`]: 'members',
  [`POST ${I}/org-units`]: 'admins',
  [`PATCH ${I}/org-units/{unitId}`]: 'admins',
  [`DELETE ${I}/org-units/{unitId}`]: 'admins',
  [`GET ${I}/managers`]: 'members',
  [`POST ${I}/managers`]: 'admins',
  [`GET ${I}/managers/{managerId}`]: 'members',
  [`PATCH ${I}/managers/{managerId}`]: 'admins',
  [`POST ${I}/managers/{managerId}/grade`]: 'admins',
  [`GET ${I}/grades`]: 'members',
  [`PUT ${I}/grades/{grade}`]: 'admins',
  // selection
  [`GET ${I}/selection/drives`]: 'admins',
  [`POST ${I}/selection/drives`]: 'admins',
  [`GET ${I}/selection/drives/{driveId}`]: 'admins',
  [`PATCH ${I}/selection/drives/{driveId}`]: 'admins',
  [`DELETE ${I}/selection/drives/{driveId}`]: 'admins',
  [`POST ${I}/selection/drives/{driveId}/close`]: 'admins',
  [`GET ${I}/selection/drives/{driveId}/candidates`]: 'admins',
  [`POST ${I}/selection/drives/{driveId}/candidates`]: 'admins',
  [`PATCH ${I}/selection/drives/{driveId}/candidates/{candidateId}`]: 'admins',
  [`DELETE ${I}/selection/drives/{driveId}/candidates/{candidateId}`]: 'admins',
  [`GET ${I}/selection/drives/{driveId}/ranking`]: 'admins',
  [`POST ${I}/selection/drives/{driveId}/certify`]: 'admins',
  // appraisal
  [`GET ${I}/cycles`]: 'members',
  [`POST ${I}/cycles`]: 'admins',
  [`GET ${I}/cycles/{cycleId}`]: 'members',
  [`PUT ${I}/cycles/{cycleId}`]: 'admins',
  [`POST ${I}/cycles/{cycleId}/clone`]: 'admins',
  [`POST ${I}/cycles/{cycleId}/launch`]: 'admins',
  [`POST ${I}/cycles/{cycleId}/publish`]: 'admins',
  [`GET ${I}/cycles/{cycleId}/appraisals`]: 'members',
  [`GET ${I}/appraisals/{appraisalId}`]: 'members',
  [`POST ${I}/appraisals/{appraisalId}/calibrations`]: 'members',
  [`GET ${I}/appraisals/{appraisalId}/links`]: 'overseers',
  [`GET ${I}/result-settings`]: 'admins',
  [`PUT ${I}/result-settings`]: 'admins',
  [`GET ${I}/grade-proposals`]: 'admins',
  [`GET ${I}/cycles/{cycleId}/pay-sheet`]: 'admins',
  [`GET ${I}/cycles/{cycleId}/pay-sheet/export`]: 'admins',
  [`GET ${I}/indicators`]: 'members',
  [`POST ${I}/indicators`]: 'admins',
  [`POST ${I}/indicators/defaults`]: 'admins',
  [`GET ${I}/indicators/{indicatorId}`]: 'members',
  [`PUT ${I}/indicators/{indicatorId}`]: 'admins',
  [`POST ${I}/indicators/{indicatorId}/archive`]: 'admins',
  [`GET ${I}/indicator-sets`]: 'members',
  [`POST ${I}/indicator-sets`]: 'admins',
  [`POST ${I}/indicator-sets/check`]: 'admins',
  [`GET ${I}/indicator-sets/{setId}`]: 'members',
  [`PUT ${I}/indicator-sets/{setId}`]: 'admins',
  // audits
  [`GET ${I}/audit-plans`]: 'inspectors',
  [`POST ${I}/audit-plans`]: 'admins',
  [`POST ${I}/audit-plans/preview`]: 'admins',
  [`GET ${I}/audit-plans/{planId}`]: 'inspectors',
  [`PUT ${I}/audit-plans/{planId}`]: 'admins',
  [`DELETE ${I}/audit-plans/{planId}`]: 'admins',
  [`POST ${I}/audit-plans/{planId}/pause`]: 'admins',
  [`POST ${I}/audit-plans/{planId}/resume`]: 'admins',
  [`POST ${I}/audit-plans/{planId}/run`]: 'admins',
  [`GET ${I}/audit-plans/{planId}/runs`]: 'inspectors',
  [`GET ${I}/audit-runs/{runId}`]: 'inspectors',
  [`GET ${I}/audit-runs/{runId}/verify`]: 'inspectors',
  [`GET ${I}/audits`]: 'members',
  [`GET ${I}/audits/dashboard`]: 'inspectors',
  [`GET ${I}/audits/{auditId}`]: 'members',
  [`POST ${I}/audits/{auditId}/open`]: 'members',
  [`POST ${I}/audits/{auditId}/request-response`]: 'members',
  [`POST ${I}/audits/{auditId}/close`]: 'members',
  [`POST ${I}/audits/{auditId}/checklist`]: 'members',
  [`POST ${I}/audits/{auditId}/findings`]: 'members',
  [`POST ${I}/audits/{auditId}/respond`]: 'members',
  // plugins
  [`GET ${I}/plugins`]: 'admins',
  [`POST ${I}/plugins/{pluginId}/install`]: 'admins',
  [`POST ${I}/plugins/{pluginId}/enable`]: 'admins',
  [`POST ${I}/plugins/{pluginId}/disable`]: 'admins',
  [`POST ${I}/plugins/{pluginId}/upgrade`]: 'admins',
  [`POST ${I}/plugins/{pluginId}/uninstall`]: 'admins',
  // reports
  [`GET ${I}/reports/dashboard`]: 'members',
  [`GET ${I}/cycles/{cycleId}/results/export`]: 'admins',
  [`GET ${I}/appraisals/{appraisalId}/letter`]: 'members',
  // customers
  [`GET ${I}/customers/settings`]: 'members',
  [`PUT ${I}/customers/settings`]: 'admins',
  [`GET ${I}/customers`]: 'members',
  [`POST ${I}/customers`]: 'keepers',
  [`GET ${I}/customers/core`]: 'members',
  [`GET ${I}/customers/{customerId}`]: 'members',
  [`PATCH ${I}/customers/{customerId}`]: 'keepers',
  [`DELETE ${I}/customers/{customerId}`]: 'admins',
  [`POST ${I}/customers/{customerId}/ownership`]: 'overseers',
  [`GET ${I}/customers/{customerId}/facts`]: 'members',
  [`POST ${I}/customers/{customerId}/facts`]: 'overseers',
  [`POST ${I}/customers/facts/import`]: 'overseers',
  [`GET ${I}/customers/{customerId}/visits`]: 'members',
  [`POST ${I}/customers/{customerId}/visits`]: 'keepers',
  [`GET ${I}/customers/weekly-entries`]: 'members',
  [`GET ${I}/customers/weekly-entries/missed`]: 'reviewers',
  [`PUT ${I}/customers/weekly-entries/{week}`]: 'managersOnly',
  // activity log
  [`GET ${I}/events`]: 'admins',
  // forms and submissions
  [`GET ${I}/forms`]: 'members',
  [`POST ${I}/forms`]: 'admins',
  [`POST ${I}/forms/check`]: 'admins',
  [`POST ${I}/forms/import`]: 'admins',
  [`GET ${I}/forms/{formId}`]: 'admins',
  [`PUT ${I}/forms/{formId}`]: 'admins',
  [`POST ${I}/forms/{formId}/publish`]: 'admins',
  [`POST ${I}/forms/{formId}/archive`]: 'admins',
  [`GET ${I}/forms/{formId}/versions/{version}`]: 'members',
  [`GET ${I}/forms/{formId}/diff`]: 'admins',
  [`GET ${I}/forms/{formId}/export`]: 'admins',
  [`POST ${I}/forms/{formId}/submissions`]: 'members',
  [`PATCH ${I}/submissions/{id}`]: 'members',
  [`GET ${I}/submissions/{id}`]: 'members',
  [`GET ${I}/submissions`]: 'members',
  [`GET ${I}/forms/{formId}/submissions/export`]: 'admins',
  [`POST ${I}/forms/{formId}/migrations`]: 'admins',
  [`GET ${I}/forms/{formId}/migrations`]: 'admins',
  [`POST ${I}/forms/{formId}/migrations/{migrationId}/revert`]: 'admins',
  // workflows
  [`GET ${I}/workflows`]: 'admins',
  [`POST ${I}/workflows`]: 'admins',
  [`POST ${I}/workflows/check`]: 'admins',
  [`GET ${I}/workflows/{workflowId}`]: 'admins',
  [`PUT ${I}/workflows/{workflowId}`]: 'admins',
  [`POST ${I}/workflows/{workflowId}/publish`]: 'admins',
  [`GET ${I}/workflows/{workflowId}/versions`]: 'admins',
  [`GET ${I}/workflows/{workflowId}/versions/{version}`]: 'members',
  [`POST ${I}/workflows/{workflowId}/instances`]: 'members',
  [`GET ${I}/inbox`]: 'members',
  [`GET ${I}/instances/{instanceId}`]: 'members',
  [`GET ${I}/instances`]: 'members',
  [`POST ${I}/instances/{instanceId}/reassign`]: 'members',
  [`POST ${I}/instances/{instanceId}/comments`]: 'members',
  [`POST ${I}/instances/{instanceId}/actions`]: 'members',
  // notifications and webhooks
  [`GET ${I}/notifications`]: 'members',
  [`POST ${I}/notifications/read`]: 'members',
  [`GET ${I}/webhooks`]: 'admins',
  [`POST ${I}/webhooks`]: 'admins',
  [`PATCH ${I}/webhooks/{webhookId}`]: 'admins',
  [`GET ${I}/webhooks/{webhookId}/deliveries`]: 'admins',
};
