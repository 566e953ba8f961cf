import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, buildTestApp, login, type Role, type SeededInstitution, type TestApp } from '../kit/index.js';
import { type Caller, IdBook, queryOf, twoInstitutions, urlOf } from './fixtures.js';
import { ACCESS, GROUPS, keyOf, type Operation, operationsOf, UNKNOWN_ID } from './surface.js';

/**
 * Every route of /docs/json × every role (and no session) × the caller's own institution, the other
 * institution, and the own institution's path with the other's object ids. Forbidden roles get
 * 401/403, allowed roles never 5xx, the other institution's ids answer 404.
 */

let t: TestApp;
let ops: Operation[];
let a: SeededInstitution;
let b: SeededInstitution;
let root: Caller;
let rootEmail: string;
const callers = new Map<Role | 'none', Caller>();
let books: { a: IdBook; b: IdBook };

const ROLES = ['none', 'platform_admin', 'institution_admin', 'supervisor', 'auditor', 'manager'] as const;
type CallerName = (typeof ROLES)[number];
type Target = 'own' | 'other' | 'mixed';

beforeAll(async () => {
  t = await buildTestApp();
  ops = await operationsOf(t.app);
  const seeded = await twoInstitutions(t.app);
  ({ a, b, root, rootEmail } = seeded);
  callers.set('none', as(t.app, null));
  callers.set('platform_admin', root);
  for (const role of ['institution_admin', 'supervisor', 'auditor', 'manager'] as const) {
    callers.set(role, as(t.app, await login(t.app, a.users[role])));
  }
  books = { a: new IdBook(root, a.id), b: new IdBook(root, b.id) };
}, 120_000);
afterAll(() => t?.close());

// Reads first, then writes, deletions and plugin switches last: a write may remove what a later read needs.
function order(op: Operation): number {
  if (op.path.includes('/plugins/')) return 3;
  if (op.method === 'DELETE') return 2;
  return op.method === 'GET' ? 0 : 1;
}

/** What the cell must answer; a message naming the expectation when it does not. */
function judge(
  op: Operation,
  caller: CallerName,
  target: Target,
  status: number,
  body: string,
): string | undefined {
  const group = GROUPS[ACCESS[keyOf(op)] as keyof typeof GROUPS];
  const isPublic = group.length === 0;
  const allowed = caller !== 'none' && (group as readonly string[]).includes(caller);
  if (status >= 500) return `expected no 5xx, got ${status}: ${body.slice(0, 200)}`;
  if (isPublic)
    return op.statuses.includes(status) ? undefined : `status not documented (${op.statuses.join(',')})`;
  if (caller === 'none') return status === 401 ? undefined : `expected 401 without a session`;
  if (!allowed) return status === 403 ? undefined : `expected 403 for a role not allowed`;
  if (target === 'mixed') return status === 404 ? undefined : `expected 404 for the other institution's ids`;
  if (target === 'other' && caller !== 'platform_admin')
    return status === 404 ? undefined : `expected 404 for the other institution`;
  if (status === 401) return 'expected an allowed role to be signed in (got 401)';
  if (!op.statuses.includes(status)) return `status not documented (${op.statuses.join(',')})`;
  if (target === 'other' && caller !== 'platform_admin' && body.includes(b.code))
    return "the other institution's code shows in the answer";
  return undefined;
}

describe('route × role matrix', () => {
  it('classifies every route of /docs/json', () => {
    const unclassified = ops.map(keyOf).filter((k) => !(k in ACCESS));
    expect(unclassified, 'routes without an entry in ACCESS (test/security/surface.ts)').toEqual([]);
    const stale = Object.keys(ACCESS).filter((k) => !ops.some((op) => keyOf(op) === k));
    expect(stale, 'ACCESS entries for routes that no longer exist').toEqual([]);
  });

  it('lets each role do only what it may, and answers 404 for the other institution', async () => {
    const failures: string[] = [];
    let cells = 0;
    const sorted = [...ops].filter((op) => keyOf(op) in ACCESS).sort((x, y) => order(x) - order(y));
    for (const op of sorted) {
      const scoped = op.path.includes('{institutionId}');
      const own = await books.a.params(op);
      const other = await books.b.params(op);
      const targets: [Target, Record<string, string>, IdBook][] = [['own', own, books.a]];
      if (scoped) {
        targets.push(['other', other, books.b]);
        // Only when the route names an object of the other institution (a real one, not a made-up id).
        const objectIds = Object.keys(other).filter(
          (n) => n !== 'institutionId' && other[n] !== own[n] && other[n] !== UNKNOWN_ID,
        );
        if (objectIds.length > 0) targets.push(['mixed', { ...other, institutionId: a.id }, books.a]);
      }
      const query = queryOf(op);
      const ownStatus = new Map<CallerName, number>();
      // The own institution first: a cross cell refused for its body alone is compared with it.
      for (const batch of [targets.slice(0, 1), targets.slice(1)]) {
        await Promise.all(
          ROLES.flatMap((caller) =>
            batch.map(async ([target, params, book]) => {
              cells++;
              let call = callers.get(caller) as Caller;
              // Signing in or out ends the session sent along: each such cell gets one of its own.
              if (op.path.startsWith('/api/auth/log') && caller !== 'none')
                call = as(
                  t.app,
                  await login(t.app, caller === 'platform_admin' ? rootEmail : a.users[caller]),
                );
              const payload = await book.body(op);
              const res = await call({
                method: op.method,
                url: urlOf(op, params, query),
                ...(payload === undefined ? {} : { payload: payload as object }),
              });
              if (target === 'own') ownStatus.set(caller, res.statusCode);
              // A body refused on its own merits, before any id is looked up, tells nothing about the other institution.
              const sameRefusal = target !== 'own' && res.statusCode === 400 && ownStatus.get(caller) === 400;
              const wrong = sameRefusal ? undefined : judge(op, caller, target, res.statusCode, res.body);
              if (wrong)
                failures.push(
                  `${keyOf(op)} as ${caller} on ${target}: ${res.statusCode} — ${wrong} [${res.body.slice(0, 300)}]`,
                );
            }),
          ),
        );
      }
    }
    console.info(`matrix: ${sorted.length} routes, ${cells} cells`);
    expect(failures, `${failures.length} of ${cells} cells broke`).toEqual([]);
  }, 240_000);
});
