import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  idempotencyKey,
  type Outcome,
  repeated,
  type ServeSite,
  seedThroughApi,
  serveSite,
  until,
} from '../kit/fault-load.js';
import { killAllRapport, startRapport } from '../kit/rapport-process.js';

// `rapport serve` stopped with SIGTERM, as an orchestrator stops it, while clients read and submit.
const CLIENTS = 12;

let site: ServeSite | undefined;
afterEach(async () => {
  await killAllRapport();
  await site?.remove();
  site = undefined;
});

interface Sent {
  what: string;
  sentAt: number;
  outcome: Outcome;
}

describe('SIGTERM under load', () => {
  it('answers every request sent before it, refuses later connections cleanly, and exits 0 within 30 s', async () => {
    site = await serveSite();
    const { base, env } = site;
    const api = startRapport('serve', env);
    await api.ready;
    const seeded = await seedThroughApi(site, 'sigterm');

    const sent: Sent[] = [];
    const acknowledged = new Map<string, string>();
    let stopped = false;
    const client = async (c: number) => {
      for (let n = 0; !stopped; n++) {
        const key = idempotencyKey(c, n);
        const request =
          n % 3 === 2
            ? { what: 'GET submissions', method: 'GET', url: seeded.listUrl }
            : { what: `POST ${key}`, method: 'POST', url: seeded.submissionsUrl };
        const sentAt = Date.now();
        const outcome = await call(base, request.method, request.url, {
          cookie: seeded.manager,
          ...(request.method === 'POST'
            ? {
                headers: { 'idempotency-key': key },
                body: { data: { newCustomers: n % 50 }, submit: true },
              }
            : {}),
        });
        sent.push({ what: request.what, sentAt, outcome });
        if ('status' in outcome && outcome.status === 201) {
          acknowledged.set(key, (outcome.body as { id: string }).id);
        }
        // The listener is closed: a client goes elsewhere; this one stops.
        if ('error' in outcome) return;
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));

    // However busy the machine, SIGTERM comes with the API well under way and requests in flight.
    await until('60 requests answered under load', async () => sent.length >= 60, 30_000);
    const termAt = Date.now();
    api.child.kill('SIGTERM');
    await api.exited;
    const exitedAt = Date.now();
    stopped = true;
    await Promise.all(clients);

    const before = sent.filter((s) => s.sentAt < termAt);
    const after = sent.filter((s) => s.sentAt >= termAt);
    const describe = (s: Sent) =>
      `${s.what} at ${s.sentAt - termAt} ms: ${'status' in s.outcome ? s.outcome.status : s.outcome.error}`;
    const count = (list: Sent[], pick: (o: Outcome) => boolean) => list.filter((s) => pick(s.outcome)).length;
    console.log(
      `SIGTERM under load: ${before.length} requests before it, ${after.length} after ` +
        `(${count(after, (o) => 'status' in o)} answered, ${count(after, (o) => 'error' in o)} refused); ` +
        `${acknowledged.size} submissions acknowledged; exit code ${api.child.exitCode} ` +
        `${exitedAt - termAt} ms after SIGTERM`,
    );

    expect(before.length, 'the API was under load').toBeGreaterThan(50);
    expect(
      before.filter((s) => !('status' in s.outcome) || s.outcome.status >= 500).map(describe),
      'every request sent before SIGTERM answered without a 5xx',
    ).toEqual([]);
    // Refused connections were never read: a client may send them elsewhere, even a POST without a key.
    expect(
      after
        .filter((s) => ('status' in s.outcome ? s.outcome.status >= 500 : s.outcome.error !== 'ECONNREFUSED'))
        .map(describe),
      'every request sent after SIGTERM answered without a 5xx, or its connection refused',
    ).toEqual([]);
    expect(api.child.exitCode, `exit code; the API wrote:\n${api.output()}`).toBe(0);
    expect(exitedAt - termAt, 'stopped within 30 s').toBeLessThan(30_000);

    const raw = await site.openDb();
    try {
      const stored = await raw.db.collection('submissions').find({}).toArray();
      expect(repeated(stored.map((s) => String(s.idempotencyKey)))).toEqual({});
      const byKey = new Map(stored.map((s) => [String(s.idempotencyKey), s._id.toHexString()]));
      expect(
        [...acknowledged].filter(([key, id]) => byKey.get(key) !== id).map(([key]) => key),
        'every acknowledged submission stored',
      ).toEqual([]);
    } finally {
      await raw.close();
    }
  }, 60_000);
});
