import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { errors, Message, Timestamp } from '../../infra/schemas.js';

/** A form's JSON Schema documents, as forms/views.ts shows them. */
const AnyObject = Type.Object({}, { additionalProperties: true });
const Token = Type.Object(
  { token: Type.String({ minLength: 10, maxLength: 200 }) },
  { additionalProperties: false },
);

/** Routes under /api/evaluations: what a sampled customer opens and answers, without signing in. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['customer evaluations'];

  app.get(
    '/:token',
    {
      schema: {
        tags,
        summary: 'The form a sampled customer fills about their manager (no sign-in; one answer; expires)',
        params: Token,
        response: {
          200: Type.Object({
            managerName: Type.String(),
            cycleName: Message,
            expiresAt: Timestamp,
            form: Type.Object({
              title: Message,
              description: Message,
              schema: AnyObject,
              uiSchema: AnyObject,
            }),
          }),
          ...errors(404, 409, 410),
        },
      },
    },
    async (request) => {
      const { link, manager, cycle, form } = await app.cycles.links.openLink(request.params.token);
      return {
        managerName: manager.name,
        cycleName: cycle.name,
        expiresAt: link.expiresAt.toISOString(),
        form: {
          title: form.title,
          description: form.description,
          schema: form.schema,
          uiSchema: form.uiSchema,
        },
      };
    },
  );

  app.post(
    '/:token',
    {
      schema: {
        tags,
        summary: "A sampled customer's answer (accepted once)",
        params: Token,
        body: Type.Object(
          { data: Type.Record(Type.String(), Type.Unknown()) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...errors(400, 404, 409, 410) },
      },
    },
    async (request, reply) => {
      await app.cycles.links.answerLink(request.params.token, request.body.data);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
