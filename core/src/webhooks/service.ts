import { createHmac, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import type { EventDoc } from '../events/service.js';
import type { JobRegistry } from '../infra/queues.js';
import { TenantCollection } from '../infra/tenant.js';

declare module 'fastify' {
  interface FastifyInstance {
    webhooks: WebhooksService;
  }
}

/** An institution's outbound webhook: activity-log events POSTed as JSON, signed with HMAC-SHA256. */
export interface WebhookDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  url: string;
  /** Event actions to send (`workflow.acted`, …); `*` sends all. */
  events: string[];
  secret: string;
  active: boolean;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One event for one webhook, with what happened at each attempt. */
/** The fan-out job's data: the event as webhooks send it. */
export interface FanOut {
  institutionId: string;
  eventId: string;
  action: string;
  body: string;
}

export interface DeliveryDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  webhookId: ObjectId;
  /** The activity-log event it carries: one delivery per webhook and event. */
  eventId: string;
  event: string;
  body: string;
  attempts: { at: Date; status: number | null; error?: string }[];
  deliveredAt: Date | null;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export const WEBHOOK_QUEUE = 'webhooks';
/** The receiver checks `X-Rapport-Signature: sha256=<hex HMAC of the raw body with the webhook's secret>`. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhooksService {
  constructor(
    private readonly webhooks: Collection<WebhookDoc>,
    private readonly deliveries: Collection<DeliveryDoc>,
    private readonly jobs: JobRegistry,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.webhooks.createIndex({ institutionId: 1 });
    await this.deliveries.createIndex({ institutionId: 1, webhookId: 1, createdAt: -1 });
    await this.deliveries.createIndex(
      { institutionId: 1, webhookId: 1, eventId: 1 },
      { unique: true, partialFilterExpression: { eventId: { $type: 'string' } } },
    );
  }

  private hooks(institutionId: ObjectId) {
    return new TenantCollection(this.webhooks, institutionId);
  }

  list(institutionId: ObjectId): Promise<WebhookDoc[]> {
    return this.hooks(institutionId).find({}, { sort: { createdAt: 1 } });
  }

  create(institutionId: ObjectId, input: { url: string; events: string[] }): Promise<WebhookDoc> {
    return this.hooks(institutionId).insertOne({
      url: input.url,
      events: input.events,
      secret: randomBytes(24).toString('base64url'),
      active: true,
    });
  }

  update(
    institutionId: ObjectId,
    id: ObjectId,
    rev: number,
    changes: Partial<Pick<WebhookDoc, 'url' | 'events' | 'active'>>,
  ): Promise<WebhookDoc> {
    return this.hooks(institutionId).updateGuarded(id, rev, changes);
  }

  async deliveriesOf(institutionId: ObjectId, webhookId: ObjectId): Promise<DeliveryDoc[]> {
    await this.hooks(institutionId).get(webhookId);
    return new TenantCollection(this.deliveries, institutionId).find(
      { webhookId },
      { sort: { createdAt: -1 }, limit: 100 },
    );
  }

  /** An event was recorded: one delivery (and one BullMQ job) per active webhook that wants it. */
  /**
   * In the request that recorded `event`: one indexed read, and a fan-out job only when the
   * institution has an active webhook. Who receives it is decided in that job.
   */
  async onEvent(event: EventDoc): Promise<void> {
    if (!event.institutionId) return;
    if ((await this.hooks(event.institutionId).countDocuments({ active: true })) === 0) return;
    const data: FanOut = {
      institutionId: event.institutionId.toHexString(),
      eventId: event._id.toHexString(),
      action: event.action,
      body: JSON.stringify({
        id: event._id.toHexString(),
        event: event.action,
        at: event.at.toISOString(),
        institutionId: event.institutionId.toHexString(),
        actor: event.actor && { id: event.actor.id.toHexString(), name: event.actor.name },
        target: event.target,
        summary: event.summary ?? null,
      }),
    };
    await this.jobs
      .queue(WEBHOOK_QUEUE)
      .add('fanout', data, { jobId: `fanout-${data.eventId}`, attempts: 6 });
  }

  /** The fan-out job: one delivery per matching active webhook, each once however often this runs. */
  async fanOut({ institutionId, eventId, action, body }: FanOut): Promise<void> {
    const tenant = new ObjectId(institutionId);
    const hooks = await this.hooks(tenant).find({ active: true });
    for (const hook of hooks.filter((h) => h.events.includes('*') || h.events.includes(action))) {
      const now = new Date();
      const delivery = await this.deliveries.findOneAndUpdate(
        { institutionId: tenant, webhookId: hook._id, eventId },
        {
          $setOnInsert: {
            institutionId: tenant,
            webhookId: hook._id,
            eventId,
            event: action,
            body,
            attempts: [],
            deliveredAt: null,
            rev: 1,
            createdAt: now,
            updatedAt: now,
          },
        },
        { upsert: true, returnDocument: 'after' },
      );
      if (!delivery || delivery.deliveredAt) continue;
      await this.jobs
        .queue(WEBHOOK_QUEUE)
        .add(
          'deliver',
          { deliveryId: delivery._id.toHexString() },
          { jobId: `delivery-${delivery._id.toHexString()}`, attempts: 6 },
        );
    }
  }

  /** One attempt; a failure throws so BullMQ retries with backoff. Delivered ones are not sent again. */
  async deliver(deliveryId: string): Promise<void> {
    const delivery = await this.deliveries.findOne({ _id: new ObjectId(deliveryId) });
    if (!delivery || delivery.deliveredAt) return;
    const hook = await this.webhooks.findOne({
      _id: delivery.webhookId,
      institutionId: delivery.institutionId,
    });
    if (!hook?.active) return;
    let status: number | null = null;
    let error: string | undefined;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-rapport-event': delivery.event,
          'x-rapport-delivery': deliveryId,
          'x-rapport-signature': signature(hook.secret, delivery.body),
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(10_000),
      });
      status = res.status;
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const now = new Date();
    await this.deliveries.updateOne(
      { _id: delivery._id },
      {
        $push: { attempts: { at: now, status, ...(error ? { error } : {}) } },
        $set: { updatedAt: now, ...(error ? {} : { deliveredAt: now }) },
        $inc: { rev: 1 },
      },
    );
    if (error) throw new Error(`webhook delivery ${deliveryId} to ${hook.url} failed: ${error}`);
  }
}

export default fp(
  async (app) => {
    const service = new WebhooksService(
      app.mongo.db.collection<WebhookDoc>('webhooks'),
      app.mongo.db.collection<DeliveryDoc>('webhook_deliveries'),
      app.jobs,
    );
    await service.ensureIndexes();
    app.decorate('webhooks', service);
    app.events.subscribe((event) => service.onEvent(event));
    app.jobs.handle(WEBHOOK_QUEUE, 'fanout', (job) => service.fanOut(job.data as FanOut));
    app.jobs.handle(WEBHOOK_QUEUE, 'deliver', (job) =>
      service.deliver((job.data as { deliveryId: string }).deliveryId),
    );
  },
  { name: 'webhooks-service', dependencies: ['mongo', 'queues', 'events-service'] },
);
