import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Errors } from './errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry;
  }
}

export interface MetricsPluginOptions {
  /**
   * Bearer token a scraper sends (`Authorization: Bearer …`). Set: required from everywhere.
   * Unset: only direct loopback requests are answered, none that came through a proxy.
   * @defaultValue undefined
   */
  token?: string;
}

/** Job states whose size is reported per queue. */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

// A reverse proxy on the same host connects from loopback: its forwarded requests are not local.
const FORWARDED = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function isSameToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.startsWith('Bearer ') ? header.slice(7) : '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function canScrape(request: FastifyRequest, token: string | undefined): boolean {
  if (token) return isSameToken(request.headers.authorization, token);
  const address = request.raw.socket.remoteAddress ?? '';
  return LOOPBACK.has(address) && !FORWARDED.some((h) => h in request.headers);
}

/**
 * Prometheus metrics at GET /metrics: HTTP latency by route pattern, queue depth read from Redis
 * on each scrape, and the duration and failures of the jobs this process's workers ran.
 */
export default fp<MetricsPluginOptions>(
  async (app, opts) => {
    // A registry per app: tests build several apps in one process.
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });

    const http = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    app.addHook('onResponse', async (request, reply) => {
      http.observe(
        {
          method: request.method,
          // The pattern, never the raw URL: ids would make a series per record.
          route: request.routeOptions.url ?? 'unmatched',
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
    });

    new Gauge({
      name: 'rapport_queue_jobs',
      help: 'Jobs per queue and state (waiting, active, delayed, failed), read from Redis at scrape time',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const queue of app.jobs.queueNames()) {
          try {
            const counts = await app.jobs.queue(queue).getJobCounts(...QUEUE_STATES);
            for (const state of QUEUE_STATES) this.set({ queue, state }, counts[state] ?? 0);
          } catch (err) {
            // Redis down: the queue's series are absent this scrape, the others still reported.
            app.log.warn({ err, queue }, 'queue depth not read for metrics');
          }
        }
      },
    });

    const jobDuration = new Histogram({
      name: 'rapport_job_duration_seconds',
      help: 'Duration of jobs run by this process, by queue, job name and outcome',
      labelNames: ['queue', 'name', 'outcome'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    });
    const jobFailures = new Counter({
      name: 'rapport_job_failures_total',
      help: 'Failed job attempts in this process, by queue and job name',
      labelNames: ['queue', 'name'],
      registers: [registry],
    });
    app.jobs.onFinished(({ queue, name, outcome, durationMs }) => {
      jobDuration.observe({ queue, name, outcome }, durationMs / 1000);
      if (outcome === 'failed') jobFailures.inc({ queue, name });
    });

    app.decorate('metrics', registry);
    app.get(
      '/metrics',
      {
        schema: {
          tags: ['operations'],
          summary:
            'Prometheus metrics: from loopback without a proxy in between, or with the METRICS_TOKEN bearer',
        },
      },
      async (request, reply) => {
        if (!canScrape(request, opts.token)) throw new Errors.FORBIDDEN();
        return reply.type(registry.contentType).send(await registry.metrics());
      },
    );
  },
  { name: 'metrics', dependencies: ['queues'] },
);
