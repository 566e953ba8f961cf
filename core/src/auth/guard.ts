import type { Role } from '@rapport/schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../infra/errors.js';
import type { UserDoc } from '../users/service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. */
    user: UserDoc | null;
    sessionToken: string | null;
  }
  interface FastifyInstance {
    /** preHandler: 401 unless signed in, 403 unless the user has one of `roles`. */
    requireRole(...roles: Role[]): (request: FastifyRequest) => Promise<void>;
  }
}

export const SESSION_COOKIE = 'rapport_sid';

/** The signed-in user; routes behind requireRole may rely on it. */
export function userOf(request: FastifyRequest): UserDoc {
  if (!request.user) throw new Errors.AUTH_UNAUTHENTICATED();
  return request.user;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    signed: true,
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export default fp(
  async (app) => {
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', null);

    app.addHook('onRequest', async (request) => {
      const raw = request.cookies[SESSION_COOKIE];
      if (!raw) return;
      const unsigned = request.unsignCookie(raw);
      if (!unsigned.valid || !unsigned.value) return;
      const resolved = await app.auth.resolve(unsigned.value);
      if (!resolved) return;
      request.user = resolved.user;
      request.sessionToken = unsigned.value;
    });

    app.decorate('requireRole', (...roles: Role[]) => async (request: FastifyRequest) => {
      const user = userOf(request);
      if (!roles.includes(user.role)) throw new Errors.FORBIDDEN();
    });
  },
  { name: 'auth-guard', dependencies: ['auth-service'] },
);
