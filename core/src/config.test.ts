import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      adminEmail: 'admin@rapport.local',
      logLevel: 'info',
      mongodbUri: undefined,
      redisUrl: undefined,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  for (const [name, value, message] of [
    ['PORT', 'abc', 'PORT must be an integer from 0 to 65535 (got "abc")'],
    ['PORT', '70000', 'PORT must be an integer from 0 to 65535 (got "70000")'],
    ['MONGODB_URI', 'http://x', 'MONGODB_URI must start with mongodb:// or mongodb+srv:// (got "http://x")'],
    ['REDIS_URL', 'localhost:6379', 'REDIS_URL must start with redis:// or rediss:// (got "localhost:6379")'],
    [
      'LOG_LEVEL',
      'loud',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ],
    ['ADMIN_PASSWORD', 'short', 'ADMIN_PASSWORD must have at least 8 characters'],
    ['SESSION_SECRET', 'short', 'SESSION_SECRET must have at least 32 characters'],
    ['DEMO_DATA', 'maybe', 'DEMO_DATA must be true or false (got "maybe")'],
  ] as const) {
    it(`refuses ${name}=${value} with a message naming the variable`, () => {
      expect(() => loadConfig({ [name]: value })).toThrow(new ConfigError(message));
    });
  }
});
