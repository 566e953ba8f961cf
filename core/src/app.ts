import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { MIN_SCHEDULE_SECONDS } from './audits/plans.js';
import authGuard from './auth/guard.js';
import authRoutes from './auth/routes.js';
import authService from './auth/service.js';
import { ALL_CAPABILITIES, assembleCapabilities, type CapabilityName, withNeeds } from './capabilities.js';
import eventsRoutes from './events/routes.js';
import eventsService from './events/service.js';
import healthRoutes from './health/routes.js';
import bullBoard from './infra/bull-board.js';
import errorHandler from './infra/error-handler.js';
import { assertSafeInput, parseJsonBody } from './infra/input-guard.js';
import { loggerOptions, requestIdOf } from './infra/logging.js';
import metrics from './infra/metrics.js';
import mongo from './infra/mongo.js';
import queues from './infra/queues.js';
import redis from './infra/redis.js';
import { registerStaticUis } from './infra/static-ui.js';
import { validatorCompiler } from './infra/validation.js';
import institutionsRoutes from './institutions/routes.js';
import { registerInstitutionRoutes } from './institutions/scope.js';
import institutionsService from './institutions/service.js';
import pluginKinds from './plugins/kinds.js';
import usersService from './users/service.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** JSON pointers of the body's JSON Schema documents, where `$` and `.` keys are allowed. */
    schemaDocuments?: readonly string[];
  }
}

/** Everything buildApp needs; main.ts derives it from Config and the services it started. */
export interface AppOptions {
  mongoUri: string;
  /** @defaultValue the database named in mongoUri, else 'rapport' */
  dbName?: string;
  redisUrl: string;
  /** Redis key prefix of the job queues. @defaultValue 'rapport' */
  queuePrefix?: string;
  /** Run BullMQ workers in this process. @defaultValue false */
  worker?: boolean;
  sessionSecret: string;
  sessionIdleMinutes?: number;
  sessionMaxHours?: number;
  /** Serve the built UIs; tests that only call the API pass false. @defaultValue true */
  ui?: boolean;
  /** Behind a reverse proxy: read the client address and protocol from X-Forwarded-*. @defaultValue false */
  trustProxy?: boolean;
  logger?: FastifyServerOptions['logger'];
  /** Bearer token that opens /metrics to scrapers beyond loopback (METRICS_TOKEN). @defaultValue loopback only */
  metricsToken?: string;
  /** Where the industry plugins are (each folder with a manifest.json); null: none. @defaultValue the repository's plugins/ */
  pluginsDir?: string | null;
  /**
   * The capabilities to assemble, with all they need, beside the base (institutions, users, sign-in,
   * activity log). Tests ask for what they use. @defaultValue all of them
   */
  capabilities?: readonly CapabilityName[];
  /** The shortest time between two triggers of an audit plan, in seconds. @defaultValue 3600 */
  auditMinIntervalSeconds?: number;
}

export const VERSION = '0.1.0';

/** The repository's plugins/ folder, from core/src or core/dist alike. */
export const DEFAULT_PLUGINS_DIR = fileURLToPath(new URL('../../plugins', import.meta.url));

/** The one place the app is assembled; main.ts and every test use it. It never listens. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(opts.logger ?? false),
    // Mass assignment and operator injection are refused, not stripped: see validation.ts.
    ajv: { customOptions: { removeAdditional: false } },
    bodyLimit: 1024 * 1024,
    // X-Request-Id is read by requestIdOf, which refuses ids unfit for the logs.
    requestIdHeader: false,
    genReqId: requestIdOf,
    return503OnClosing: true,
    trustProxy: opts.trustProxy ?? false,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only: any other body is 415, not a string the schema then refuses.
  app.removeContentTypeParser(['text/plain', 'application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  await app.register(errorHandler);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design injects its styles at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // rjsf validates tenant-designed forms in the browser with ajv, which compiles each schema to code.
        scriptSrc: ["'self'", "'unsafe-eval'"],
      },
    },
  });
  await app.register(fastifyCookie, { secret: opts.sessionSecret });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Rapport API',
        description: 'Customer-manager program platform (客户经理制)',
        version: VERSION,
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'rapport_sid' } } },
    },
  });

  await app.register(mongo, { uri: opts.mongoUri, ...(opts.dbName ? { dbName: opts.dbName } : {}) });
  await app.register(redis, { url: opts.redisUrl });
  await app.register(queues, {
    url: opts.redisUrl,
    prefix: opts.queuePrefix ?? 'rapport',
    worker: opts.worker ?? false,
  });
  await app.register(metrics, opts.metricsToken ? { token: opts.metricsToken } : {});
  await app.register(eventsService);
  await app.register(institutionsService);
  await app.register(usersService);
  await app.register(authService, {
    sessionIdleMinutes: opts.sessionIdleMinutes ?? 120,
    sessionMaxHours: opts.sessionMaxHours ?? 12,
  });
  await app.register(authGuard);
  await app.register(pluginKinds);
  const capabilities = await assembleCapabilities(app, withNeeds(opts.capabilities ?? ALL_CAPABILITIES), {
    sessionSecret: opts.sessionSecret,
    pluginsDir: opts.pluginsDir === undefined ? DEFAULT_PLUGINS_DIR : opts.pluginsDir,
    coreVersion: VERSION,
    auditMinIntervalSeconds: opts.auditMinIntervalSeconds ?? MIN_SCHEDULE_SECONDS,
  });

  app.addHook('preValidation', async (request) => {
    assertSafeInput('body', request.body, request.routeOptions.config.schemaDocuments);
    assertSafeInput('querystring', request.query);
  });

  await app.register(healthRoutes);
  await app.register(authRoutes, { prefix: '/api/auth' });
  await registerInstitutionRoutes(app, [institutionsRoutes, eventsRoutes, ...capabilities.routes]);
  await capabilities.mount();

  // Before the static UIs: /admin/queues is Bull Board's, not a page of the admin console.
  await app.register(bullBoard);
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });
  await registerStaticUis(app, opts.ui ?? true);
  return app;
}
