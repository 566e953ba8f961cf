import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { errorBody } from './error-handler.js';
import { langOf } from './errors.js';

/** The built UIs, two levels above this file in both src/ and dist/. */
export const UI_DIRS = {
  admin: fileURLToPath(new URL('../../../admin-ui/dist', import.meta.url)),
  portal: fileURLToPath(new URL('../../../portal-ui/dist', import.meta.url)),
};

/**
 * Serves admin-ui at /admin/ and portal-ui at /, each falling back to its index.html so client
 * routes survive a reload; unknown /api and /docs paths still answer the JSON 404.
 */
export async function registerStaticUis(app: FastifyInstance, serve: boolean): Promise<void> {
  const hasAdmin = serve && existsSync(`${UI_DIRS.admin}/index.html`);
  const hasPortal = serve && existsSync(`${UI_DIRS.portal}/index.html`);
  if (serve && (!hasAdmin || !hasPortal))
    app.log.warn({ dirs: UI_DIRS }, 'a UI is not built (npm run build); its pages answer 404');
  if (hasAdmin) {
    await app.register(fastifyStatic, {
      root: UI_DIRS.admin,
      prefix: '/admin/',
      decorateReply: !hasPortal,
      wildcard: false,
    });
  }
  if (hasPortal) await app.register(fastifyStatic, { root: UI_DIRS.portal, prefix: '/', wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const isPage = request.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/docs');
    if (isPage && hasAdmin && (path === '/admin' || path.startsWith('/admin/'))) {
      return reply.sendFile('index.html', UI_DIRS.admin);
    }
    if (isPage && hasPortal && !path.startsWith('/admin'))
      return reply.sendFile('index.html', UI_DIRS.portal);
    return reply
      .status(404)
      .send(errorBody('ERR_ROUTE_NOT_FOUND', langOf(request.headers['accept-language'])));
  });
}
