import type { FastifyInstance, FastifyPluginAsync, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { ObjectId } from 'mongodb';
import { userOf } from '../auth/guard.js';
import type { Actor } from '../events/service.js';
import { Errors } from '../infra/errors.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * On `/api/institutions/:institutionId/…` routes, the institution the request acts on, resolved
     * before the handler: the platform admin's pick among existing ones, everyone else's own. Anything
     * else answers 404, so other tenants' ids reveal nothing.
     */
    institutionId: ObjectId;
    /** On the same routes, the signed-in user as logs and histories record them. */
    actor: Actor;
  }
  interface FastifyInstance {
    /** Every route of an institution (`/api/institutions/:institutionId/…`), as registered. */
    institutionRoutes: readonly { method: string; url: string }[];
  }
}

const SCOPED = '/api/institutions/:institutionId';

/**
 * The institution routes, as one group under `/api/institutions`: every route of an institution
 * resolves `request.institutionId` and `request.actor` once, after the route's own preHandlers (its
 * role check), so a handler never resolves them itself.
 */
export async function registerInstitutionRoutes(
  app: FastifyInstance,
  routes: FastifyPluginAsync[],
): Promise<void> {
  app.decorateRequest('institutionId', null as unknown as ObjectId);
  app.decorateRequest('actor', null as unknown as Actor);
  const scoped: { method: string; url: string }[] = [];
  app.decorate('institutionRoutes', scoped);

  const resolve = async (request: FastifyRequest): Promise<void> => {
    const user = userOf(request);
    const id = idOf((request.params as { institutionId: string }).institutionId);
    if (user.role === 'platform_admin') request.institutionId = (await app.institutions.get(id))._id;
    else if (user.institutionId?.equals(id)) request.institutionId = id;
    else throw new Errors.NOT_FOUND();
    request.actor = actorOf(user);
  };

  await app.register(
    async (group) => {
      group.addHook('onRoute', (route) => {
        if (route.url !== SCOPED && !route.url.startsWith(`${SCOPED}/`)) return;
        const own = route.preHandler === undefined ? [] : [route.preHandler].flat();
        route.preHandler = [...own, resolve as preHandlerHookHandler];
        for (const method of [route.method].flat()) scoped.push({ method, url: route.url });
      });
      for (const plugin of routes) await group.register(plugin);
    },
    { prefix: '/api/institutions' },
  );
}
