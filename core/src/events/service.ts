import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Collection, type Filter, ObjectId } from 'mongodb';

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
export class EventsService {
  constructor(private readonly events: Collection<EventDoc>) {}

  static async create(app: FastifyInstance): Promise<EventsService> {
    const events = app.mongo.db.collection<EventDoc>('events');
    await events.createIndex({ institutionId: 1, at: -1 });
    return new EventsService(events);
  }

  async record(event: NewEvent): Promise<void> {
    await this.events.insertOne({ _id: new ObjectId(), at: new Date(), ...event });
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
