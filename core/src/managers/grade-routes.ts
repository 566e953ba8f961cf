import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { errors, InstitutionParams, Message } from '../infra/schemas.js';
import type { GradeDefinition } from './grades.js';
import { Grade, InstitutionId, Label } from './route-kit.js';

// The four grades as an institution defines them.

const GradeView = Type.Object({
  grade: Grade,
  criteria: Message,
  customerTiers: Type.Array(Type.String()),
  products: Type.Array(Type.String()),
  baseSalary: Type.Number(),
  rev: Type.Integer({ description: '0 while the default applies' }),
});

const GradeParams = Type.Object(
  { institutionId: InstitutionId, grade: Grade },
  { additionalProperties: false },
);

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const members = app.requireRole(...ROLES);

  app.get(
    '/:institutionId/grades',
    {
      preHandler: members,
      schema: {
        tags: ['managers'],
        summary: "The four grades as this institution defines them (the seed's defaults until changed)",
        params: InstitutionParams,
        response: { 200: Type.Object({ items: Type.Array(GradeView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => ({
      items: await app.grades.list(request.institutionId),
    }),
  );

  app.put(
    '/:institutionId/grades/:grade',
    {
      preHandler: admins,
      schema: {
        tags: ['managers'],
        summary: "Set a grade's criteria, customer tiers, products and base salary",
        params: GradeParams,
        body: Type.Object(
          {
            rev: Type.Integer({ minimum: 0 }),
            criteria: Type.Object(
              {
                zh: Type.String({ minLength: 1, maxLength: 4000 }),
                en: Type.String({ minLength: 1, maxLength: 4000 }),
              },
              { additionalProperties: false },
            ),
            customerTiers: Type.Array(Label, { maxItems: 20, uniqueItems: true }),
            products: Type.Array(Label, { maxItems: 100, uniqueItems: true }),
            baseSalary: Type.Number({ minimum: 0, maximum: 10_000_000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: GradeView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...rest } = request.body;
      const definition: GradeDefinition = { grade: request.params.grade, ...rest };
      return app.grades.set(institutionId, definition, rev, request.actor);
    },
  );
};

export default routes;
