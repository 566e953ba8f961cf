import path from 'node:path';

/** The platform's settings, read once from the environment at start-up. */
export interface Config {
  /** HTTP port. @defaultValue 3000 */
  port: number;
  /** Interface to listen on. @defaultValue '127.0.0.1' */
  host: string;
  /** Where the embedded store and the private Redis keep their files. @defaultValue './data' */
  dataDir: string;
  /** An external MongoDB; unset = start the embedded server under dataDir. */
  mongodbUri: string | undefined;
  /** An external Redis; unset = spawn a private redis-server under dataDir. */
  redisUrl: string | undefined;
  /** The first platform admin, created on first start. @defaultValue 'admin@rapport.local' */
  adminEmail: string;
  /** Password of the first platform admin; unset = generated and printed once. */
  adminPassword: string | undefined;
  /** Signs session cookies; unset = generated once and kept in dataDir. */
  sessionSecret: string | undefined;
  /** pino level. @defaultValue 'info' */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Session idle timeout in minutes. @defaultValue 120 */
  sessionIdleMinutes: number;
  /** Absolute session lifetime in hours. @defaultValue 12 */
  sessionMaxHours: number;
  /** Trust X-Forwarded-* from a reverse proxy (client address, https for Secure cookies). @defaultValue false */
  trustProxy: boolean;
  /** Create the demo institution and its users on first start. @defaultValue true */
  demoData: boolean;
  /** The shortest time between two triggers of an audit plan, in seconds. @defaultValue 3600 */
  auditMinIntervalSeconds: number;
}

/** A configuration value that cannot be used; start-up stops with this message. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function url(env: Env, name: string, schemes: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const scheme = raw.split(':')[0];
  if (!scheme || !schemes.includes(scheme)) {
    throw new ConfigError(
      `${name} must start with ${schemes.map((s) => `${s}://`).join(' or ')} (got "${raw}")`,
    );
  }
  return raw;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false (got "${raw}")`);
}

/**
 * How soon a job held by a dead worker is taken over by another (BullMQ's `lockDuration` and
 * `stalledInterval`, in ms), from QUEUE_STALLED_MS. For fault tests that kill workers, so a killed
 * worker's jobs run again within seconds; unset = BullMQ's defaults (30 s), which production keeps.
 * Read by the queues plugin itself, so `serve` and `worker` processes started by a test both see it.
 * @defaultValue undefined
 */
export function queueStalledMs(env: Env = process.env): number | undefined {
  const raw = env.QUEUE_STALLED_MS;
  if (raw === undefined || raw === '') return undefined;
  return integer(env, 'QUEUE_STALLED_MS', 30_000, 500, 300_000);
}

export function loadConfig(env: Env = process.env): Config {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const adminEmail = env.ADMIN_EMAIL || 'admin@rapport.local';
  if (!/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError(`ADMIN_EMAIL must be an email address (got "${adminEmail}")`);
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must have at least 8 characters');
  }
  const sessionSecret = env.SESSION_SECRET || undefined;
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    throw new ConfigError('SESSION_SECRET must have at least 32 characters');
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    mongodbUri: url(env, 'MONGODB_URI', ['mongodb', 'mongodb+srv']),
    redisUrl: url(env, 'REDIS_URL', ['redis', 'rediss']),
    adminEmail: adminEmail.toLowerCase(),
    adminPassword,
    sessionSecret,
    logLevel: logLevel as Config['logLevel'],
    sessionIdleMinutes: integer(env, 'SESSION_IDLE_MINUTES', 120, 1, 7 * 24 * 60),
    sessionMaxHours: integer(env, 'SESSION_MAX_HOURS', 12, 1, 24 * 30),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    demoData: flag(env, 'DEMO_DATA', true),
    auditMinIntervalSeconds: integer(env, 'AUDIT_MIN_INTERVAL_SECONDS', 3600, 1, 366 * 86_400),
  };
}
