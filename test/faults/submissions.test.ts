import { afterEach, describe, expect, it } from 'vitest';
import {
  call,
  idempotencyKey,
  repeated,
  type ServeSite,
  seedThroughApi,
  serveSite,
  sleep,
  until,
} from '../kit/fault-load.js';
import { killAllRapport, type RapportProcess, startRapport } from '../kit/rapport-process.js';

// A real `rapport serve` process, its store embedded in it (or a fresh database of MONGODB_URI), killed
// with SIGKILL while clients submit: what the API acknowledged must be stored, once.
const CLIENTS = 12;
const KILLS = 3;

let site: ServeSite | undefined;
afterEach(async () => {
  await killAllRapport();
  await site?.remove();
  site = undefined;
});

describe('submissions while the API process is killed with SIGKILL', () => {
  it('stores every acknowledged submission exactly once, with its idempotency key', async () => {
    const started = Date.now();
    site = await serveSite();
    const { base, env } = site;
    let api: RapportProcess = startRapport('serve', env);
    await api.ready;
    const seeded = await seedThroughApi(site, 'kill9');

    // A client retries a request whose connection failed or that got a 5xx, with the same key, until
    // the API acknowledges it (201), then moves on to a new submission.
    const acknowledged = new Map<string, string>();
    const unexpected: string[] = [];
    const failures = { connection: 0, serverError: 0 };
    let loading = true;
    const client = async (c: number) => {
      for (let n = 0; loading; n++) {
        const key = idempotencyKey(c, n);
        for (let attempt = 0; ; attempt++) {
          const outcome = await call(base, 'POST', seeded.submissionsUrl, {
            cookie: seeded.manager,
            headers: { 'idempotency-key': key },
            body: { data: { newCustomers: n % 50, satisfied: true }, submit: true },
          });
          if ('status' in outcome && outcome.status === 201) {
            acknowledged.set(key, (outcome.body as { id: string }).id);
            break;
          }
          if ('error' in outcome) failures.connection++;
          else if (outcome.status >= 500) failures.serverError++;
          else {
            unexpected.push(`${key}: ${outcome.status} ${JSON.stringify(outcome.body)}`);
            break;
          }
          // Backing off, as a client does, while the API restarts.
          await sleep(Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random()));
        }
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));

    // Killed at a random moment once it acknowledges submissions again after each start, with requests
    // in flight, and started again on the same port and data.
    const killedAfterAcks: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      const from = acknowledged.size;
      await until(
        'the API to acknowledge submissions',
        async () => acknowledged.size >= from + CLIENTS / 2,
        30_000,
      );
      await sleep(Math.random() * 800);
      killedAfterAcks.push(acknowledged.size);
      api.child.kill('SIGKILL');
      await api.exited;
      api = startRapport('serve', env);
      await api.ready;
    }
    await until(
      'acknowledgements after the last restart',
      async () => acknowledged.size >= (killedAfterAcks.at(-1) ?? 0) + CLIENTS,
      30_000,
    );
    loading = false;
    await Promise.all(clients);
    api.child.kill('SIGTERM');
    await api.exited;

    const raw = await site.openDb();
    try {
      const stored = await raw.db
        .collection('submissions')
        .find({}, { projection: { idempotencyKey: 1 } })
        .toArray();
      const events = await raw.db
        .collection('events')
        .find({ action: 'submission.submitted' }, { projection: { target: 1 } })
        .toArray();
      console.log(
        `submissions under SIGKILL: ${CLIENTS} clients, ${KILLS} kills (after ${killedAfterAcks.join(', ')} acks), ` +
          `${acknowledged.size} acknowledged, ${stored.length} stored, ${events.length} submitted events, ` +
          `${failures.connection} connection failures and ${failures.serverError} 5xx retried, ` +
          `${Math.round((Date.now() - started) / 1000)} s`,
      );

      expect(unexpected, 'no answer but 201, 5xx or a failed connection').toEqual([]);
      expect(killedAfterAcks.filter((n, i) => n > (killedAfterAcks[i - 1] ?? 0))).toHaveLength(KILLS);
      expect(
        repeated(stored.map((s) => String(s.idempotencyKey))),
        'no idempotency key stored twice',
      ).toEqual({});
      const byKey = new Map(stored.map((s) => [String(s.idempotencyKey), s._id.toHexString()]));
      expect(
        [...acknowledged].filter(([key, id]) => byKey.get(key) !== id).map(([key]) => key),
        'every acknowledged key stored, as the submission the API answered with',
      ).toEqual([]);
      expect(stored.length, 'nothing stored but what was acknowledged').toBe(acknowledged.size);
      expect(repeated(events.map((e) => String(e.target.id))), 'one submitted event per submission').toEqual(
        {},
      );
      const logged = new Set(events.map((e) => String(e.target.id)));
      expect(
        [...byKey.values()].filter((id) => !logged.has(id)),
        'every stored submission in the activity log',
      ).toEqual([]);
    } finally {
      await raw.close();
    }
  }, 90_000);
});
