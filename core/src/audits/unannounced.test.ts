import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newForm } from '../../../test/kit/forms.js';
import {
  as,
  buildTestApp,
  login,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

// The audited manager of an unannounced audit walks every GET route of the app, with every id they
// could know or guess: nothing of the audit may show until the auditor opens it.

let t: TestApp;
let inst: SeededInstitution;
let base: string;
let admin: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;
let auditor: ReturnType<typeof as>;
let managerId: string;

const PLAN = {
  code: 'covert-7q',
  name: { zh: '暗访抽查七号', en: 'Covert check seven' },
};
/** What the admin knows of the audit: its ids, and the plan's code and name. */
const secret = { auditId: '', runId: '', planId: '' };
let auditRev = 0;

const OBJECT_ID = /\b[0-9a-f]{24}\b/g;

interface Call {
  /** The route as registered, e.g. `/api/institutions/:institutionId/audits/:auditId`. */
  route: string;
  url: string;
  status: number;
  /** Body and headers: whatever the caller receives. */
  received: string;
}

/** Every GET route of the app, read from its router (the API description under /docs is not data). */
function getRoutes(): string[] {
  const tree = t.app.printRoutes({ commonPrefix: false, method: 'GET' });
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?)( \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const full = (stack[depth - 1] ?? '') + match[2];
    stack[depth] = full;
    stack.length = depth + 1;
    if (match[4]?.split(', ').includes('GET') && !full.startsWith('/docs')) routes.push(full);
  }
  return routes;
}

/** The GET routes the OpenAPI document describes, in the router's `:param` notation. */
async function documentedRoutes(): Promise<
  Map<string, { name: string; required: boolean; schema: { enum?: unknown[]; type?: string } }[]>
> {
  const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
  const routes = new Map();
  for (const [path, ops] of Object.entries<
    Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: object }[] }>
  >(doc.paths)) {
    if (!ops.get) continue;
    const query = (ops.get.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => ({ name: p.name, required: p.required === true, schema: p.schema }));
    routes.set(path.replaceAll(/\{(\w+)\}/g, ':$1'), query);
  }
  return routes;
}

/** Cartesian product of choices. */
function product<T>(lists: T[][]): T[][] {
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((a) => list.map((x) => [...a, x])), [[]]);
}

/**
 * Calls every GET route as `who`: each path parameter filled with every id in `ids` (the institution
 * only with its own; a version with 1, a queue name with `audits`), each id-like query parameter
 * likewise one at a time, required ones given a plausible value. Returns what came back, and adds
 * every id seen in a response to `ids`.
 */
async function walk(who: ReturnType<typeof as>, ids: Set<string>): Promise<Call[]> {
  const documented = await documentedRoutes();
  const calls: Call[] = [];
  for (const route of getRoutes()) {
    const params = [...route.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
    const choices = params.map((p) =>
      p === 'institutionId' ? [inst.id] : p === 'version' ? ['1'] : p === 'queueName' ? ['audits'] : [...ids],
    );
    const query = documented.get(route) ?? [];
    const required = new URLSearchParams();
    for (const q of query.filter((q) => q.required))
      required.set(
        q.name,
        String(q.schema.enum?.[0] ?? (q.schema.type === 'integer' || q.schema.type === 'number' ? 1 : 'x')),
      );
    const variants = [
      required.toString(),
      ...query
        .filter((q) => /Id$/.test(q.name))
        .flatMap((q) =>
          [...ids].map((id) => {
            const search = new URLSearchParams(required);
            search.set(q.name, id);
            return search.toString();
          }),
        ),
    ];
    for (const values of product(choices)) {
      const path = params.reduce((p, name, i) => p.replace(`:${name}`, values[i] as string), route);
      for (const search of variants) {
        const url = search ? `${path}?${search}` : path;
        const res = await who({ method: 'GET', url });
        const received = `${JSON.stringify(res.headers)}\n${res.body}`;
        calls.push({ route, url, status: res.statusCode, received });
        for (const id of res.body.match(OBJECT_ID) ?? []) ids.add(id);
      }
    }
  }
  return calls;
}

/** What each call's response gives away of the audit. */
function leaks(calls: Call[]): string[] {
  const secrets = {
    'the audit id': secret.auditId,
    'the run id': secret.runId,
    'the plan id': secret.planId,
    "the plan's code": PLAN.code,
    "the plan's Chinese name": PLAN.name.zh,
    "the plan's English name": PLAN.name.en,
  };
  return calls.flatMap((c) =>
    Object.entries(secrets)
      .filter(([, value]) => c.received.includes(value))
      .map(([what, value]) => `GET ${c.url} (${c.status}) shows ${what} "${value}"`),
  );
}

async function until<T>(check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  t = await buildTestApp({ worker: true, capabilities: ['audits'] });
  inst = await seedInstitution(t.app, 'covert');
  base = `/api/institutions/${inst.id}`;
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  manager = as(t.app, await login(t.app, inst.users.manager));
  auditor = as(t.app, await login(t.app, inst.users.auditor));
  managerId = (await manager({ method: 'GET', url: '/api/auth/me' })).json().user.id;
  const auditorId = (await auditor({ method: 'GET', url: '/api/auth/me' })).json().user.id;
  const profile = await admin({
    method: 'POST',
    url: `${base}/managers`,
    payload: { userId: managerId, grade: 'level2', teamRole: 'relationship-manager' },
  });
  expect(profile.statusCode, profile.body).toBe(201);
  const form = (
    await admin({
      method: 'POST',
      url: `${base}/forms`,
      payload: { ...newForm('checklist'), fillRoles: ['auditor'] },
    })
  ).json();
  await admin({ method: 'POST', url: `${base}/forms/${form.id}/publish`, payload: { rev: form.rev } });

  const plan = await admin({
    method: 'POST',
    url: `${base}/audit-plans`,
    payload: {
      ...PLAN,
      kind: 'random',
      mode: 'on-site',
      announced: false,
      scope: { focus: 'comprehensive', orgUnitIds: [], grades: [], customerClasses: [], riskFlags: [] },
      checklistFormKey: 'checklist',
      methods: ['stock-count'],
      auditorIds: [auditorId],
      daysToComplete: 10,
      schedule: { cron: '0 9 1 1 *', tz: 'Asia/Shanghai', windowDays: 20, workingDaysOnly: true },
      sampling: { design: 'simple', size: { kind: 'fixed', n: 1 } },
    },
  });
  expect(plan.statusCode, plan.body).toBe(201);
  secret.planId = plan.json().id;
  expect((await admin({ method: 'POST', url: `${base}/audit-plans/${secret.planId}/run` })).statusCode).toBe(
    202,
  );
  const audit = await until(async () => {
    const items = (await admin({ method: 'GET', url: `${base}/audits?planId=${secret.planId}` })).json()
      .items;
    return items[0] as { id: string; runId: string; managerId: string; rev: number } | undefined;
  });
  expect(audit.managerId, 'the only manager is sampled').toBe(managerId);
  secret.auditId = audit.id;
  secret.runId = audit.runId;
  auditRev = audit.rev;
});
afterAll(() => t.close());

describe('an unannounced audit, walked by the audited manager', () => {
  it('walks every GET route of the router, the documented ones and the others', async () => {
    expect(getRoutes(), 'every GET route of the OpenAPI document is walked').toEqual(
      expect.arrayContaining([...(await documentedRoutes()).keys()].filter((r) => !r.startsWith('/docs'))),
    );
  });

  it('shows no trace of it before the auditor opens it, and shows it once opened', async () => {
    // What the manager could know or guess: their institution, their own id, every id any response
    // shows them; and the audit's, run's and plan's ids, as if leaked, to prove they lead nowhere.
    const ids = new Set([inst.id, managerId, secret.auditId, secret.runId, secret.planId]);
    // Twice: the second time also with the ids the first one showed.
    const before = [...(await walk(manager, ids)), ...(await walk(manager, ids))];
    expect(before.length, 'the walk made its calls').toBeGreaterThan(100);
    expect(
      before.filter((c) => c.url === '/api/auth/me' || c.url === `${base}/audits`).map((c) => c.status),
      'signed in, the manager reads their own account and audits',
    ).toEqual([200, 200, 200, 200]);
    expect(
      before
        .filter((c) => c.status < 300 && !/"content-type":"(application\/json|text\/)/.test(c.received))
        .map((c) => c.url),
      'every answer is text, which the search can read (a compressed export would hide what it holds)',
    ).toEqual([]);
    expect(leaks(before), 'nothing of the unopened audit reaches its manager').toEqual([]);
    for (const [route, id] of [
      ['/audits/:auditId', secret.auditId],
      ['/audit-runs/:runId', secret.runId],
      ['/audit-runs/:runId/verify', secret.runId],
      ['/audit-plans/:planId', secret.planId],
      ['/audit-plans/:planId/runs', secret.planId],
    ] as const) {
      const call = before.find(
        (c) => c.route === `/api/institutions/:institutionId${route}` && c.url.includes(id),
      );
      expect([403, 404], `${call?.url} answers 403 or 404`).toContain(call?.status);
    }
    const notifications = (await manager({ method: 'GET', url: `${base}/notifications` })).json();
    expect({ items: notifications.items.length, unread: notifications.unread }, 'no notification').toEqual({
      items: 0,
      unread: 0,
    });

    const opened = await auditor({
      method: 'POST',
      url: `${base}/audits/${secret.auditId}/open`,
      payload: { rev: auditRev },
    });
    expect(opened.statusCode, opened.body).toBe(200);

    // The same walk now finds it where a manager looks: the audits, the audit, the notifications.
    const after = await walk(manager, ids);
    const showing = [
      ...new Set(after.filter((c) => c.received.includes(secret.auditId)).map((c) => c.route)),
    ];
    expect(showing, 'once opened, the manager sees the audit and is told').toEqual(
      expect.arrayContaining([
        '/api/institutions/:institutionId/audits',
        '/api/institutions/:institutionId/audits/:auditId',
        '/api/institutions/:institutionId/notifications',
      ]),
    );
    const told = (await manager({ method: 'GET', url: `${base}/notifications` })).json();
    expect(told.unread).toBe(1);
    expect(told.items[0]).toMatchObject({ kind: 'audit-opened', auditId: secret.auditId });
  });
});
