import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody } from './error-handler.js';
import { langOf } from './errors.js';

/** Where the board lives: under /admin, but as routes of its own, ahead of the admin UI's fallback. */
export const BULL_BOARD_PATH = '/admin/queues';

/**
 * Bull Board over every queue of the JobRegistry, for platform admins only. The guard answers itself
 * (401 / 403 in the platform's error shape) because Bull Board's routes have an error handler of their own.
 */
export default fp(
  async (app) => {
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    const board = createBullBoard({
      queues: [],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Rapport' } },
    });
    let known = '';
    // Queues are declared while capabilities boot and opened on first use: the board follows the registry.
    const refresh = () => {
      const names = app.jobs.queueNames();
      if (names.join('\n') === known) return;
      known = names.join('\n');
      board.replaceQueues(names.map((name) => new BullMQAdapter(app.jobs.queue(name))));
    };
    app.addHook('onReady', async () => refresh());

    const onlyPlatformAdmins = async (request: FastifyRequest, reply: FastifyReply) => {
      const lang = langOf(request.headers['accept-language']);
      if (!request.user) return reply.status(401).send(errorBody('AUTH_ERR_UNAUTHENTICATED', lang));
      if (request.user.role !== 'platform_admin')
        return reply.status(403).send(errorBody('ERR_FORBIDDEN', lang));
      refresh();
    };
    await app.register(async (scope) => {
      scope.addHook('preHandler', onlyPlatformAdmins);
      await scope.register(serverAdapter.registerPlugin(), { prefix: BULL_BOARD_PATH });
    });
  },
  { name: 'bull-board', dependencies: ['queues', 'auth-guard'] },
);
