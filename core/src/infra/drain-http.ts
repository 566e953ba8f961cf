import type { Server } from 'node:http';
import net from 'node:net';

/**
 * Stops taking connections but answers what the open ones still send, closing each after its answer,
 * so no request already on its way gets a 503 or a reset; connections still idle after `graceMs` are
 * closed then. Resolves once every connection has ended.
 */
export function drainHttp(server: Server, graceMs: number): Promise<void> {
  server.prependListener('request', (_request, response) => {
    if (!response.headersSent) response.setHeader('connection', 'close');
  });
  return new Promise((resolve) => {
    let reap: NodeJS.Timeout | undefined;
    const grace = setTimeout(() => {
      // Also those whose answer was already under way when draining began, once it is sent.
      server.closeIdleConnections();
      reap = setInterval(() => server.closeIdleConnections(), 200);
    }, graceMs);
    // net.Server's close, not http.Server's: that one closes idle connections at once, resetting
    // any on which a request was sent but not read yet.
    net.Server.prototype.close.call(server, () => {
      clearTimeout(grace);
      clearInterval(reap);
      resolve();
    });
  });
}
