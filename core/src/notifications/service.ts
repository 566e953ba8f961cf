import type { Message } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import { TenantCollection } from '../infra/tenant.js';

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationsService;
  }
}

export type NotificationKind = 'task' | 'reminder' | 'overdue';

/** An in-app notification; one per (user, instance, kind, step), so a retried job adds none. */
export interface NotificationDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  userId: ObjectId;
  kind: NotificationKind;
  instanceId: ObjectId;
  /** Index of the history entry that entered the state the notification is about. */
  step: number;
  title: Message;
  read: boolean;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewNotification {
  kind: NotificationKind;
  instanceId: ObjectId;
  step: number;
  title: Message;
}

export class NotificationsService {
  constructor(private readonly notifications: Collection<NotificationDoc>) {}

  async ensureIndexes(): Promise<void> {
    await this.notifications.createIndex({ userId: 1, instanceId: 1, kind: 1, step: 1 }, { unique: true });
    await this.notifications.createIndex({ institutionId: 1, userId: 1, createdAt: -1 });
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.notifications, institutionId);
  }

  /** Notifies each user once: a repeat (a retried or duplicated job) changes nothing. */
  async notify(institutionId: ObjectId, userIds: ObjectId[], notification: NewNotification): Promise<void> {
    const now = new Date();
    for (const userId of userIds) {
      await this.notifications.updateOne(
        {
          institutionId,
          userId,
          instanceId: notification.instanceId,
          kind: notification.kind,
          step: notification.step,
        },
        {
          $setOnInsert: {
            _id: new ObjectId(),
            title: notification.title,
            read: false,
            rev: 1,
            createdAt: now,
            updatedAt: now,
          },
        },
        { upsert: true },
      );
    }
  }

  async list(
    institutionId: ObjectId,
    userId: ObjectId,
    unreadOnly: boolean,
  ): Promise<{ items: NotificationDoc[]; unread: number }> {
    const tenant = this.tenant(institutionId);
    const [items, unread] = await Promise.all([
      tenant.find(unreadOnly ? { userId, read: false } : { userId }, { sort: { createdAt: -1 }, limit: 100 }),
      tenant.countDocuments({ userId, read: false }),
    ]);
    return { items, unread };
  }

  /** Marks one (or, without an id, every) notification of the user read. */
  async markRead(institutionId: ObjectId, userId: ObjectId, id?: ObjectId): Promise<void> {
    await this.notifications.updateMany(
      { institutionId, userId, read: false, ...(id ? { _id: id } : {}) },
      { $set: { read: true, updatedAt: new Date() }, $inc: { rev: 1 } },
    );
  }
}

export default fp(
  async (app) => {
    const service = new NotificationsService(app.mongo.db.collection<NotificationDoc>('notifications'));
    await service.ensureIndexes();
    app.decorate('notifications', service);
  },
  { name: 'notifications-service', dependencies: ['mongo'] },
);
