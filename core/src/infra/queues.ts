import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import fp from 'fastify-plugin';
import { queueStalledMs } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRegistry;
  }
}

export type JobHandler = (job: Job) => Promise<unknown>;

/** A job a worker of this process finished, for metrics. */
export interface FinishedJob {
  queue: string;
  name: string;
  outcome: 'completed' | 'failed';
  /** From pick-up to finish, in ms. */
  durationMs: number;
}

/** A recurring job: one BullMQ job scheduler with a stable id. */
export interface Schedule {
  queue: string;
  /** Stable scheduler id; upserting it again replaces, never duplicates. */
  id: string;
  /** Cron pattern. */
  pattern: string;
  /** IANA time zone the pattern is read in. */
  tz: string;
  jobName: string;
  data?: Record<string, unknown>;
}

export interface QueuesPluginOptions {
  url: string;
  /** Redis key prefix; tests give each app its own. @defaultValue 'rapport' */
  prefix?: string;
  /** Run workers in this process (`serve` and `worker`). @defaultValue false */
  worker?: boolean;
  /**
   * How soon a dead worker's jobs are taken over, in ms (BullMQ's `lockDuration` and `stalledInterval`).
   * Fault tests only, through QUEUE_STALLED_MS; production keeps BullMQ's 30 s.
   * @defaultValue QUEUE_STALLED_MS, else BullMQ's defaults
   */
  stalledMs?: number;
}

/** Every queue, handler and schedule of the platform: capabilities register here, BullMQ runs them. */
export class JobRegistry {
  private readonly handlers = new Map<string, Map<string, JobHandler>>();
  private readonly queues = new Map<string, Queue>();
  private readonly schedules: Schedule[] = [];
  private readonly workers: Worker[] = [];
  private readonly finishedListeners: ((job: FinishedJob) => void)[] = [];

  constructor(
    private readonly url: string,
    readonly prefix: string,
    private readonly stalledMs?: number,
  ) {}

  /** Declares how jobs called `name` on `queue` are processed. */
  handle(queue: string, name: string, handler: JobHandler): void {
    const byName = this.handlers.get(queue) ?? new Map<string, JobHandler>();
    byName.set(name, handler);
    this.handlers.set(queue, byName);
  }

  schedule(schedule: Schedule): void {
    this.schedules.push(schedule);
  }

  /** The producer side of a queue; fails fast when Redis is down instead of buffering. */
  queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: { url: this.url, enableOfflineQueue: false },
        prefix: this.prefix,
        defaultJobOptions: {
          attempts: 5,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        },
      });
      queue.on('error', () => {});
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** The name of every queue known so far: those with handlers and those already opened (read-only, for Bull Board). */
  queueNames(): string[] {
    return [...new Set([...this.handlers.keys(), ...this.queues.keys()])].sort();
  }

  async upsertSchedules(): Promise<void> {
    for (const s of this.schedules) {
      await this.queue(s.queue).upsertJobScheduler(
        s.id,
        { pattern: s.pattern, tz: s.tz },
        { name: s.jobName, data: s.data ?? {} },
      );
    }
  }

  /** Called each time a worker of this process completes or fails a job (each failed attempt counts). */
  onFinished(listener: (job: FinishedJob) => void): void {
    this.finishedListeners.push(listener);
  }

  private finished(queue: string, job: Job, outcome: FinishedJob['outcome']): void {
    const durationMs = (job.finishedOn ?? Date.now()) - (job.processedOn ?? job.timestamp);
    for (const listener of this.finishedListeners) listener({ queue, name: job.name, outcome, durationMs });
  }

  startWorkers(onError: (err: Error, job?: Job) => void): void {
    for (const [queue, byName] of this.handlers) {
      const worker = new Worker(
        queue,
        async (job) => {
          const handler = byName.get(job.name);
          if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}" on queue "${queue}"`);
          return handler(job);
        },
        {
          connection: { url: this.url, maxRetriesPerRequest: null },
          prefix: this.prefix,
          concurrency: 4,
          ...(this.stalledMs ? { lockDuration: this.stalledMs, stalledInterval: this.stalledMs } : {}),
        },
      );
      worker.on('completed', (job) => this.finished(queue, job, 'completed'));
      worker.on('failed', (job, err) => {
        if (job) this.finished(queue, job, 'failed');
        onError(err, job);
      });
      worker.on('error', (err) => onError(err));
      this.workers.push(worker);
    }
  }

  /** Workers first, so no job is picked up from a queue that is already closing. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

export default fp<QueuesPluginOptions>(
  async (app, opts) => {
    const jobs = new JobRegistry(opts.url, opts.prefix ?? 'rapport', opts.stalledMs ?? queueStalledMs());
    app.decorate('jobs', jobs);
    // Handlers and schedules are registered by capabilities during boot; start once all are known.
    app.addHook('onReady', async () => {
      await jobs.upsertSchedules();
      if (opts.worker)
        jobs.startWorkers((err, job) => app.log.error({ err, jobId: job?.id, job: job?.name }, 'job failed'));
    });
    app.addHook('onClose', async () => {
      await jobs.close();
    });
  },
  { name: 'queues' },
);
