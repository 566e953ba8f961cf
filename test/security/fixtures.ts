import type { FastifyInstance } from 'fastify';
import { as, login, type SeededInstitution, seedInstitution, seedPlatformAdmin } from '../kit/index.js';
import { type Operation, sampleOf, UNKNOWN_ID } from './surface.js';

export type Caller = ReturnType<typeof as>;

/** Path parameters that are not document ids, with a value that is valid everywhere. */
const PLAIN_PARAMS: Record<string, string> = {
  grade: 'senior',
  pluginId: 'banking',
  token: 'not-a-real-evaluation-token',
  week: '2026-W01',
  version: '1',
};

/** Where the id of a path parameter is listed, when it is not the path up to the parameter. */
const LISTED_AT: Record<string, string> = {
  appraisalId: 'cycles/{cycleId}/appraisals',
  runId: 'audit-plans/{planId}/runs',
};

/** An institution filled through the API: the banking plugin with its demo, its cycle launched, a webhook. */
export async function furnish(app: FastifyInstance, code: string): Promise<SeededInstitution> {
  const inst = await seedInstitution(app, code);
  // The institution admin installs: the plugin's cycle names the installer on its committee.
  const admin = as(app, await login(app, inst.users.institution_admin));
  const base = `/api/institutions/${inst.id}`;
  const must = async (what: string, res: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const r = await res;
    if (r.statusCode >= 300) throw new Error(`${what} answered ${r.statusCode}: ${r.body}`);
    return r.json() as Record<string, unknown>;
  };
  await must(
    'install banking',
    admin({ method: 'POST', url: `${base}/plugins/banking/install`, payload: { demo: true } }),
  );
  const [cycle] = (await must('cycles', admin({ method: 'GET', url: `${base}/cycles` }))).items as {
    id: string;
    rev: number;
  }[];
  if (cycle)
    await must(
      'launch',
      admin({ method: 'POST', url: `${base}/cycles/${cycle.id}/launch`, payload: { rev: cycle.rev } }),
    );
  await must(
    'webhook',
    admin({
      method: 'POST',
      url: `${base}/webhooks`,
      payload: { url: 'https://example.test/hook', events: ['*'] },
    }),
  );
  return inst;
}

/**
 * Real ids of an institution's objects, found by listing as the platform admin: `resolve(op)` fills
 * a route's path with the first object of each kind (a well-formed unknown id where there is none).
 */
export class IdBook {
  private readonly lists = new Map<string, Promise<string>>();
  constructor(
    private readonly root: Caller,
    readonly institutionId: string,
  ) {}

  private first(listPath: string): Promise<string> {
    let found = this.lists.get(listPath);
    if (!found) {
      found = this.root({ method: 'GET', url: listPath }).then((res) => {
        if (res.statusCode !== 200) return UNKNOWN_ID;
        const body = res.json() as { items?: { id?: string }[] } | { id?: string }[];
        const items = Array.isArray(body) ? body : (body.items ?? []);
        return items.find((i) => typeof i.id === 'string')?.id ?? UNKNOWN_ID;
      });
      this.lists.set(listPath, found);
    }
    return found;
  }

  /** Values of every path parameter; `institutionId` is this book's. */
  async params(op: Operation): Promise<Record<string, string>> {
    const values: Record<string, string> = { institutionId: this.institutionId };
    const fill = (p: string) => p.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? UNKNOWN_ID);
    const segments = op.path.split('/');
    for (let i = 0; i < segments.length; i++) {
      const m = /^\{(\w+)\}$/.exec(segments[i] ?? '');
      const name = m?.[1];
      if (!name || name === 'institutionId') continue;
      if (name in PLAIN_PARAMS) {
        values[name] = PLAIN_PARAMS[name] as string;
        continue;
      }
      const listed = LISTED_AT[name];
      const listPath = listed
        ? fill(`/api/institutions/{institutionId}/${listed}`)
        : fill(segments.slice(0, i).join('/'));
      values[name] = await this.first(listPath);
    }
    return values;
  }

  /** An id for a body field named like a path parameter (formId, managerId …), else unknown. */
  async idFor(name: string): Promise<string> {
    const lists: Record<string, string> = {
      formId: 'forms',
      managerId: 'managers',
      customerId: 'customers',
      cycleId: 'cycles',
      orgUnitId: 'org-units',
      workflowId: 'workflows',
      planId: 'audit-plans',
    };
    const list = lists[name];
    return list ? this.first(`/api/institutions/${this.institutionId}/${list}`) : UNKNOWN_ID;
  }

  /** A valid-looking body for an operation, its ids from this institution where it names one. */
  async body(op: Operation): Promise<unknown> {
    if (!op.body) return undefined;
    const names = new Set<string>();
    sampleOf(op.body, (n) => {
      names.add(n);
      return UNKNOWN_ID;
    });
    const ids = Object.fromEntries(await Promise.all([...names].map(async (n) => [n, await this.idFor(n)])));
    return sampleOf(op.body, (n) => ids[n] ?? UNKNOWN_ID);
  }
}

/** Query values for parameters that are required and have no default. */
export function queryOf(op: Operation): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(op.query)) {
    if (!schema.required || 'default' in schema) continue;
    out[name] = String(sampleOf(schema));
  }
  return out;
}

export function urlOf(op: Operation, params: Record<string, string>, query: Record<string, string> = {}) {
  const path = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(params[n] ?? UNKNOWN_ID));
  const qs = new URLSearchParams(query).toString();
  return qs ? `${path}?${qs}` : path;
}

/** The platform admin and two furnished institutions, everyone signed in. */
export async function twoInstitutions(app: FastifyInstance) {
  const rootEmail = await seedPlatformAdmin(app);
  const rootCookie = await login(app, rootEmail);
  const root = as(app, rootCookie);
  const [a, b] = [await furnish(app, 'sec-a'), await furnish(app, 'sec-b')];
  return { root, rootCookie, rootEmail, a, b };
}
