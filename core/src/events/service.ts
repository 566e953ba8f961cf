import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Collection, type Filter, MongoServerError, ObjectId } from 'mongodb';

declare module 'fastify' {
  interface FastifyInstance {
    events: EventsService;
  }
}

/** Who did it, as they were named when they did it (the log never changes afterwards). */
export interface Actor {
  id: ObjectId;
  name: string;
  email: string;
}

export interface EventDoc {
  _id: ObjectId;
  institutionId: ObjectId | null;
  at: Date;
  actor: Actor | null;
  /** `<capability>.<verb>`, e.g. `user.created`. */
  action: string;
  target: { collection: string; id: string };
  summary?: string;
}

export type NewEvent = Omit<EventDoc, '_id' | 'at'>;

/** The append-only activity log: services record, nobody updates or deletes. */
/** Called after each event is stored (webhooks subscribe); a listener's failure never fails the write. */
export type EventListener = (event: EventDoc) => Promise<void>;

export class EventsService {
  private readonly listeners: EventListener[] = [];

  constructor(
    private readonly events: Collection<EventDoc>,
    private readonly onListenerError: (err: unknown) => void = () => {},
  ) {}

  subscribe(listener: EventListener): void {
    this.listeners.push(listener);
  }

  static async create(app: FastifyInstance): Promise<EventsService> {
    const events = app.mongo.db.collection<EventDoc>('events');
    await events.createIndex({ institutionId: 1, at: -1 });
    return new EventsService(events, (err) => app.log.error({ err }, 'an event listener failed'));
  }

  /** Stores an event; one given an `_id` is stored once, and recording it again does nothing. */
  async record(event: NewEvent & { _id?: ObjectId }): Promise<void> {
    const doc: EventDoc = { _id: new ObjectId(), at: new Date(), ...event };
    try {
      await this.events.insertOne(doc);
    } catch (err) {
      if (event._id && err instanceof MongoServerError && err.code === 11000) return;
      throw err;
    }
    for (const listener of this.listeners) await listener(doc).catch(this.onListenerError);
  }

  /** Records that `actor` did `action` to a document of `collection`. */
  note(
    institutionId: ObjectId,
    actor: Actor | null,
    action: string,
    collection: string,
    id: ObjectId,
    summary: string,
  ): Promise<void> {
    return this.record({
      institutionId,
      actor,
      action,
      target: { collection, id: id.toHexString() },
      summary,
    });
  }

  list(institutionId: ObjectId, { limit, before }: { limit: number; before?: Date }): Promise<EventDoc[]> {
    const filter: Filter<EventDoc> = { institutionId };
    if (before) filter.at = { $lt: before };
    return this.events.find(filter).sort({ at: -1, _id: -1 }).limit(limit).toArray();
  }
}

export default fp(
  async (app) => {
    app.decorate('events', await EventsService.create(app));
  },
  { name: 'events-service', dependencies: ['mongo'] },
);
