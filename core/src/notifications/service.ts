import type { Message, NotificationKind } from '@rapport/schemas';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import { TenantCollection } from '../infra/tenant.js';

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationsService;
  }
}

export type { NotificationKind } from '@rapport/schemas';

/** What a notification is about: a workflow instance or an audit. */
export type NotificationTarget = { instanceId: ObjectId } | { auditId: ObjectId };

/** An in-app notification; one per (user, target, kind, step), so a retried job adds none. */
export interface NotificationDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  userId: ObjectId;
  kind: NotificationKind;
  /** `instance:<id>` or `audit:<id>`: what the unique index keys on. */
  ref: string;
  instanceId?: ObjectId;
  auditId?: ObjectId;
  /** For instances, which entry into a state it is about; 0 otherwise. */
  step: number;
  title: Message;
  read: boolean;
  rev: number;
  createdAt: Date;
  updatedAt: Date;
}

export type NewNotification = NotificationTarget & {
  kind: NotificationKind;
  step: number;
  title: Message;
};

function refOf(target: NotificationTarget): string {
  return 'instanceId' in target
    ? `instance:${target.instanceId.toHexString()}`
    : `audit:${target.auditId.toHexString()}`;
}

export class NotificationsService {
  constructor(private readonly notifications: Collection<NotificationDoc>) {}

  async ensureIndexes(): Promise<void> {
    await this.notifications.createIndex({ userId: 1, ref: 1, kind: 1, step: 1 }, { unique: true });
    await this.notifications.createIndex({ institutionId: 1, userId: 1, createdAt: -1 });
  }

  private tenant(institutionId: ObjectId) {
    return new TenantCollection(this.notifications, institutionId);
  }

  /** Takes out the notifications of users who are removed. */
  async removeFor(institutionId: ObjectId, userIds: ObjectId[]): Promise<void> {
    await this.tenant(institutionId).deleteMany({ userId: { $in: userIds } });
  }

  /** Notifies each user once: a repeat (a retried or duplicated job) changes nothing. */
  async notify(institutionId: ObjectId, userIds: ObjectId[], notification: NewNotification): Promise<void> {
    const now = new Date();
    const { kind, step, title, ...target } = notification;
    const ref = refOf(target);
    for (const userId of userIds) {
      await this.notifications.updateOne(
        { institutionId, userId, ref, kind, step },
        {
          $setOnInsert: {
            _id: new ObjectId(),
            ...target,
            title,
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
