import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

const Status = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('ready'), Type.Literal('unavailable')]),
  mongo: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down')])),
  redis: Type.Optional(Type.Union([Type.Literal('up'), Type.Literal('down')])),
});

async function answers(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
    ]);
    return 'up';
  } catch {
    return 'down';
  }
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], summary: 'The process is alive', response: { 200: Status } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'MongoDB and Redis both answer',
        response: { 200: Status, 503: Status },
      },
    },
    async (_request, reply) => {
      const [mongo, redis] = await Promise.all([
        answers(() => app.mongo.db.command({ ping: 1 })),
        answers(() => app.redis.ping()),
      ]);
      const ready = mongo === 'up' && redis === 'up';
      return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', mongo, redis });
    },
  );
};

export default routes;
