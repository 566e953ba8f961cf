import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors } from '../infra/schemas.js';
import { toUserView, UserView } from '../users/view.js';
import { clearSessionCookie, setSessionCookie, userOf } from './guard.js';

const Credentials = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets an httpOnly session cookie',
        body: Credentials,
        response: { 200: Type.Object({ user: UserView }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      // A session that existed before login is ended: the new one gets a new id.
      if (request.sessionToken) await app.auth.logout(request.sessionToken);
      const { user, token, session } = await app.auth.login(
        request.body.email,
        request.body.password,
        request.ip,
      );
      setSessionCookie(request, reply, token, session.expiresAt);
      return { user: await toUserView(app, user) };
    },
  );

  app.post(
    '/logout',
    { schema: { tags: ['auth'], summary: 'Sign out; ends the session', response: { 204: Type.Null() } } },
    async (request, reply) => {
      if (request.sessionToken) await app.auth.logout(request.sessionToken);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user',
        response: { 200: Type.Object({ user: UserView }), ...errors(401) },
      },
    },
    async (request) => ({ user: await toUserView(app, userOf(request)) }),
  );
};

export default routes;
