import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, seedInstitution, type TestApp } from '../../../test/kit/index.js';

let t: TestApp;

/** The value of one series in a Prometheus text exposition, or undefined when it is absent. */
function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url: '/metrics', headers });
}

/** Scrapes until `done` holds: jobs finish in the worker a moment after they are added. */
async function scrapeUntil(done: (text: string) => boolean): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = (await scrape()).body;
    if (done(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  return (await scrape()).body;
}

beforeAll(async () => {
  t = await buildTestApp({ worker: true, capabilities: ['workflows'] });
});
afterAll(() => t.close());

describe('/metrics', () => {
  it('reports request latency by route pattern and status, not by raw URL', async () => {
    const inst = await seedInstitution(t.app, 'metrics');
    const cookie = await login(t.app, inst.users.institution_admin);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/institutions/${inst.id}/inbox`,
        headers: { cookie },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await t.app.inject({ method: 'GET', url: '/api/no-such-route' });

    const res = await scrape();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const inbox =
      'http_request_duration_seconds_count{method="GET",route="/api/institutions/:institutionId/inbox",status_code="200"}';
    expect(seriesValue(res.body, inbox), `expected 3 inbox requests in:\n${res.body}`).toBe(3);
    expect(res.body).toContain('route="/api/auth/login",status_code="200"');
    expect(res.body).toContain('route="unmatched",status_code="404"');
    expect(res.body, 'no series names a raw id').not.toContain(inst.id);
    // The process's own health, for the usual Node dashboards.
    expect(res.body).toContain('process_resident_memory_bytes');
    expect(res.body).toContain('nodejs_eventloop_lag_seconds');
  });

  it('reports queue depth per state, and the duration and failures of jobs run here', async () => {
    const queue = t.app.jobs.queue('maintenance');
    await queue.add('sessions.purge', {});
    // No handler for this name: the worker fails it at once, without retrying.
    await queue.add('no-such-job', {});

    const text = await scrapeUntil(
      (s) =>
        (seriesValue(s, 'rapport_job_failures_total{queue="maintenance",name="no-such-job"}') ?? 0) >= 1 &&
        (seriesValue(
          s,
          'rapport_job_duration_seconds_count{queue="maintenance",name="sessions.purge",outcome="completed"}',
        ) ?? 0) >= 1,
    );
    expect(
      seriesValue(
        text,
        'rapport_job_duration_seconds_count{queue="maintenance",name="sessions.purge",outcome="completed"}',
      ),
      `expected one completed purge in:\n${text}`,
    ).toBe(1);
    expect(seriesValue(text, 'rapport_job_failures_total{queue="maintenance",name="no-such-job"}')).toBe(1);
    expect(seriesValue(text, 'rapport_queue_jobs{queue="maintenance",state="failed"}')).toBe(1);
    for (const state of ['waiting', 'active', 'delayed']) {
      expect(seriesValue(text, `rapport_queue_jobs{queue="maintenance",state="${state}"}`), state).toBeTypeOf(
        'number',
      );
    }
    // Every queue of the platform is listed, even those that never ran a job.
    expect(text).toContain('rapport_queue_jobs{queue="workflows",state="waiting"}');
  });

  it('is not answered to requests that came through a proxy, nor with a wrong token', async () => {
    const proxied = await scrape({ 'x-forwarded-for': '203.0.113.9' });
    expect(proxied.statusCode).toBe(403);
    expect(proxied.body).not.toContain('http_request_duration_seconds');

    const guarded = await buildTestApp({
      metricsToken: 'a-long-metrics-token-for-tests',
      capabilities: ['workflows'],
    });
    try {
      const none = await guarded.app.inject({ method: 'GET', url: '/metrics' });
      expect(none.statusCode, 'with a token set, loopback alone is not enough').toBe(403);
      const wrong = await guarded.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer a-long-metrics-token-for-test' },
      });
      expect(wrong.statusCode).toBe(403);
      const right = await guarded.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: 'Bearer a-long-metrics-token-for-tests', 'x-forwarded-for': '203.0.113.9' },
      });
      expect(right.statusCode).toBe(200);
      expect(right.body).toContain('http_request_duration_seconds');
    } finally {
      await guarded.close();
    }
  });
});
