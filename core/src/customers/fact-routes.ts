import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FACT_KINDS, ROLES } from '@rapport/schemas';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { Errors } from '../infra/errors.js';
import { errors, Id, InstitutionParams, Paged, paging } from '../infra/schemas.js';
import { actorOf } from '../users/service.js';
import { parseDay } from './fact-rows.js';
import { acceptUploads, CustomerParams, customerOf, Day, optionalDay, UploadedTable } from './route-kit.js';
import { FactView, factView } from './views.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const everyone = app.requireRole(...ROLES);
  const overseers = app.requireRole('platform_admin', 'institution_admin', 'supervisor');

  acceptUploads(app);

  // ---- facts ----

  const FactBody = Type.Object(
    {
      date: Day,
      kind: Type.Enum(FACT_KINDS),
      amount: Type.Number(),
      product: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    },
    { additionalProperties: false },
  );

  app.get(
    '/:institutionId/customers/:customerId/facts',
    {
      preHandler: everyone,
      schema: {
        tags: ['customers'],
        summary: "A customer's business facts, newest first",
        params: CustomerParams,
        querystring: Type.Object(
          {
            kind: Type.Optional(Type.Enum(FACT_KINDS)),
            from: Type.Optional(Day),
            to: Type.Optional(Day),
            ...paging(50, 200),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Paged(FactView),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { institutionId, customer } = await customerOf(app, request, request.params);
      const { from, to, ...query } = request.query;
      const fromDay = optionalDay(from, '/from');
      const toDay = optionalDay(to, '/to');
      const [items, total] = await app.customerFacts.list(institutionId, customer._id, {
        ...query,
        ...(fromDay ? { from: fromDay } : {}),
        ...(toDay ? { to: toDay } : {}),
      });
      return { items: items.map(factView), total, page: query.page, pageSize: query.pageSize };
    },
  );

  app.post(
    '/:institutionId/customers/:customerId/facts',
    {
      preHandler: overseers,
      schema: {
        tags: ['customers'],
        summary:
          'Record one fact (sent again with the same externalId: recorded once); the customer is reclassified',
        params: CustomerParams,
        body: FactBody,
        response: { 200: FactView, 201: FactView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { institutionId, customer } = await customerOf(app, request, request.params);
      const body = request.body;
      const { fact, created } = await app.customerFacts.record(
        institutionId,
        customer,
        {
          date: parseDay(body.date) ?? new Date(Number.NaN),
          kind: body.kind,
          amount: body.amount,
          product: body.product ?? null,
          externalId: body.externalId ?? null,
        },
        request.actor,
      );
      return reply.status(created ? 201 : 200).send(factView(fact));
    },
  );

  app.post(
    '/:institutionId/customers/facts/import',
    {
      preHandler: overseers,
      schema: {
        tags: ['customers'],
        summary:
          'Import facts from a CSV or XLSX file sent as the body (header: customerCode, date, kind, amount, product, externalId). ' +
          'All or nothing: any bad row and nothing is imported, every problem listed by row and column.',
        params: InstitutionParams,
        querystring: Type.Object(
          { dryRun: Type.Boolean({ default: false, description: 'check only, write nothing' }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            importId: Id,
            rows: Type.Integer(),
            imported: Type.Integer(),
            alreadyImported: Type.Integer(),
            customersReclassified: Type.Integer(),
            dryRun: Type.Boolean(),
          }),
          ...errors(400, 401, 403, 404, 413, 415),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      if (!(request.body instanceof UploadedTable)) throw new Errors.UNSUPPORTED_MEDIA_TYPE();
      const viewer = userOf(request);
      return app.customerFacts.import(
        institutionId,
        request.body.rows,
        viewer,
        actorOf(viewer),
        request.query.dryRun,
      );
    },
  );
};

export default routes;
