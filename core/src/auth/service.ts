import { createHash, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import { type Collection, MongoServerError, type ObjectId } from 'mongodb';
import type { EventsService } from '../events/service.js';
import { Errors } from '../infra/errors.js';
import type { InstitutionsService } from '../institutions/service.js';
import { actorOf, type UserDoc, type UsersService } from '../users/service.js';
import { DUMMY_HASH, verifyPassword } from './passwords.js';

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthService;
  }
}

/** A signed-in session; the cookie holds the token, the store only its SHA-256. */
export interface SessionDoc {
  _id: string;
  userId: ObjectId;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end, however active the user is. */
  expiresAt: Date;
  /** End if the user does nothing until then. */
  idleExpiresAt: Date;
}

/** Failed sign-ins counted per email and per client address within a window. */
export interface LoginAttemptDoc {
  _id: string;
  /** Attempts in the window not followed by a sign-in (counted before the password is checked). */
  failures: number;
  windowStart: Date;
}

export interface AuthOptions {
  idleMs: number;
  maxMs: number;
}

/** Failed attempts allowed per window before sign-in answers 429. */
export const MAX_FAILURES_PER_EMAIL = 5;
export const MAX_FAILURES_PER_ADDRESS = 50;
export const ATTEMPT_WINDOW_MS = 15 * 60_000;
// Refreshing lastSeenAt on every request would turn every read into a write.
const TOUCH_INTERVAL_MS = 60_000;

function digest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class AuthService {
  constructor(
    private readonly sessions: Collection<SessionDoc>,
    private readonly attempts: Collection<LoginAttemptDoc>,
    private readonly users: UsersService,
    private readonly institutions: InstitutionsService,
    private readonly events: EventsService,
    private readonly options: AuthOptions,
  ) {}

  async ensureIndexes(): Promise<void> {
    await this.sessions.createIndex({ userId: 1 });
    await this.sessions.createIndex({ expiresAt: 1 });
  }

  /**
   * Counts an attempt under `key` before its password is checked, in one atomic update, and says
   * whether it is within `limit` for the window: concurrent guesses each take a place, so no more
   * than `limit` are ever checked. A successful sign-in gives its place back (`release`).
   */
  private async admit(key: string, limit: number, now: Date): Promise<boolean> {
    const windowOpen = new Date(now.getTime() - ATTEMPT_WINDOW_MS);
    for (let tries = 0; ; tries++) {
      const counted = await this.attempts.findOneAndUpdate(
        { _id: key, windowStart: { $gt: windowOpen } },
        { $inc: { failures: 1 } },
        { returnDocument: 'after' },
      );
      if (counted) return counted.failures <= limit;
      // No window, or a past one: one caller opens the new window; the others count in it.
      const reopened = await this.attempts.updateOne(
        { _id: key, windowStart: { $lte: windowOpen } },
        { $set: { failures: 1, windowStart: now } },
      );
      if (reopened.matchedCount === 1) return true;
      try {
        await this.attempts.insertOne({ _id: key, failures: 1, windowStart: now });
        return true;
      } catch (err) {
        if (!(err instanceof MongoServerError && err.code === 11000) || tries >= 3) throw err;
      }
    }
  }

  private async release(key: string): Promise<void> {
    await this.attempts.updateOne({ _id: key, failures: { $gt: 0 } }, { $inc: { failures: -1 } });
  }

  /** Checks the password and opens a new session (a new id at every login: no fixation). */
  async login(
    email: string,
    password: string,
    address: string,
  ): Promise<{ user: UserDoc; token: string; session: SessionDoc }> {
    const now = new Date();
    const emailKey = `email:${email.toLowerCase()}`;
    const addressKey = `address:${address}`;
    // Each attempt is counted before the (slow) password check, so racing guesses cannot pass the limit.
    const [byEmail, byAddress] = await Promise.all([
      this.admit(emailKey, MAX_FAILURES_PER_EMAIL, now),
      this.admit(addressKey, MAX_FAILURES_PER_ADDRESS, now),
    ]);
    if (!byEmail || !byAddress) {
      // Refused unchecked: it takes no place of its own.
      await Promise.all([this.release(emailKey), this.release(addressKey)]);
      throw new Errors.AUTH_TOO_MANY_ATTEMPTS();
    }
    const user = await this.users.findByEmail(email);
    const matches = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !matches) throw new Errors.AUTH_INVALID_CREDENTIALS();
    if (!(await this.isActive(user))) throw new Errors.AUTH_DISABLED();
    // Signed in: the account starts afresh, and the address gets its place back.
    await Promise.all([this.attempts.deleteOne({ _id: emailKey }), this.release(addressKey)]);
    const token = randomBytes(32).toString('base64url');
    const session: SessionDoc = {
      _id: digest(token),
      userId: user._id,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.options.maxMs),
      idleExpiresAt: new Date(now.getTime() + this.options.idleMs),
    };
    await this.sessions.insertOne(session);
    await this.events.record({
      institutionId: user.institutionId,
      actor: actorOf(user),
      action: 'auth.login',
      target: { collection: 'users', id: user._id.toHexString() },
    });
    return { user, token, session };
  }

  private async isActive(user: UserDoc): Promise<boolean> {
    if (user.disabled) return false;
    if (!user.institutionId) return true;
    const institution = await this.institutions.get(user.institutionId).catch(() => null);
    return institution !== null && !institution.disabled;
  }

  /** The user behind a session token, or null when the session is unknown, expired or the user disabled. */
  async resolve(token: string): Promise<{ user: UserDoc; session: SessionDoc } | null> {
    const now = new Date();
    const session = await this.sessions.findOne({ _id: digest(token) });
    if (!session) return null;
    if (session.expiresAt <= now || session.idleExpiresAt <= now) {
      await this.sessions.deleteOne({ _id: session._id });
      return null;
    }
    const user = await this.users.findById(session.userId);
    if (!user || !(await this.isActive(user))) {
      await this.sessions.deleteOne({ _id: session._id });
      return null;
    }
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      const idleExpiresAt = new Date(
        Math.min(now.getTime() + this.options.idleMs, session.expiresAt.getTime()),
      );
      await this.sessions.updateOne({ _id: session._id }, { $set: { lastSeenAt: now, idleExpiresAt } });
    }
    return { user, session };
  }

  async logout(token: string): Promise<void> {
    const session = await this.sessions.findOneAndDelete({ _id: digest(token) });
    if (!session) return;
    const user = await this.users.findById(session.userId);
    if (!user) return;
    await this.events.record({
      institutionId: user.institutionId,
      actor: actorOf(user),
      action: 'auth.logout',
      target: { collection: 'users', id: user._id.toHexString() },
    });
  }

  /** Ends every session of these users (disabled, password reset, removed). */
  async endSessionsOf(userIds: ObjectId[]): Promise<void> {
    await this.sessions.deleteMany({ userId: { $in: userIds } });
  }

  /** Deletes expired sessions and stale attempt counters; run by a BullMQ job scheduler. */
  async purgeExpired(now = new Date()): Promise<{ sessions: number; attempts: number }> {
    const sessions = await this.sessions.deleteMany({
      $or: [{ expiresAt: { $lte: now } }, { idleExpiresAt: { $lte: now } }],
    });
    const attempts = await this.attempts.deleteMany({
      windowStart: { $lte: new Date(now.getTime() - ATTEMPT_WINDOW_MS) },
    });
    return { sessions: sessions.deletedCount, attempts: attempts.deletedCount };
  }
}

export interface AuthServiceOptions {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
}

export default fp<AuthServiceOptions>(
  async (app, opts) => {
    const db = app.mongo.db;
    const service = new AuthService(
      db.collection<SessionDoc>('sessions'),
      db.collection<LoginAttemptDoc>('login_attempts'),
      app.users,
      app.institutions,
      app.events,
      { idleMs: opts.sessionIdleMinutes * 60_000, maxMs: opts.sessionMaxHours * 3_600_000 },
    );
    await service.ensureIndexes();
    app.decorate('auth', service);
    app.jobs.handle('maintenance', 'sessions.purge', () => service.purgeExpired());
    app.jobs.schedule({
      queue: 'maintenance',
      id: 'sessions.purge',
      pattern: '*/15 * * * *',
      tz: 'UTC',
      jobName: 'sessions.purge',
    });
  },
  {
    name: 'auth-service',
    dependencies: ['mongo', 'queues', 'users-service', 'institutions-service', 'events-service'],
  },
);
