import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ROLES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { errors, Id, InstitutionParams } from '../infra/schemas.js';
import { actorOf } from '../users/service.js';
import { CustomerParams, customerOf, Data, Name, Week, WeekParams } from './route-kit.js';
import { VisitView, visitView, WeeklyEntryView, weeklyEntryView } from './views.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const everyone = app.requireRole(...ROLES);
  const keepers = app.requireRole('platform_admin', 'institution_admin', 'supervisor', 'manager');
  const reviewers = app.requireRole('platform_admin', 'institution_admin', 'supervisor', 'auditor');
  const managers = app.requireRole('manager');

  // ---- visits ----

  app.get(
    '/:institutionId/customers/:customerId/visits',
    {
      preHandler: everyone,
      schema: {
        tags: ['customers'],
        summary: "A customer's visit log, newest first",
        params: CustomerParams,
        response: { 200: Type.Object({ items: Type.Array(VisitView) }), ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const { institutionId, customer } = await customerOf(app, request, request.params);
      return { items: (await app.customerVisits.list(institutionId, customer._id)).map(visitView) };
    },
  );

  app.post(
    '/:institutionId/customers/:customerId/visits',
    {
      preHandler: keepers,
      schema: {
        tags: ['customers'],
        summary: "Log a visit; data is checked against the institution's visit form when it has one",
        params: CustomerParams,
        body: Type.Object(
          {
            visitedAt: Type.String({ format: 'date-time' }),
            purpose: Name,
            notes: Type.Optional(Type.String({ maxLength: 5000 })),
            data: Type.Optional(Data),
          },
          { additionalProperties: false },
        ),
        response: { 201: VisitView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { institutionId, customer } = await customerOf(app, request, request.params);
      const { visitedAt, purpose, notes, data } = request.body;
      const visit = await app.customerVisits.log(
        institutionId,
        customer,
        { visitedAt: new Date(visitedAt), purpose, notes: notes ?? '', data: data ?? {} },
        request.actor,
      );
      return reply.status(201).send(visitView(visit));
    },
  );

  // ---- weekly information entries ----

  app.get(
    '/:institutionId/customers/weekly-entries',
    {
      preHandler: everyone,
      schema: {
        tags: ['customers'],
        summary: 'Weekly information entries you may read (a manager their own)',
        params: InstitutionParams,
        querystring: Type.Object(
          { week: Type.Optional(Week), managerId: Type.Optional(Id) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(WeeklyEntryView) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { week, managerId } = request.query;
      const items = await app.weeklyEntries.list(institutionId, userOf(request), {
        ...(week ? { week } : {}),
        ...(managerId ? { managerId: new ObjectId(managerId) } : {}),
      });
      return { items: items.map(weeklyEntryView) };
    },
  );

  app.get(
    '/:institutionId/customers/weekly-entries/missed',
    {
      preHandler: reviewers,
      schema: {
        tags: ['customers'],
        summary: 'Managers in your units with no weekly entry for the week (this week unless given)',
        params: InstitutionParams,
        querystring: Type.Object({ week: Type.Optional(Week) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            week: Type.String(),
            items: Type.Array(
              Type.Object({
                id: Id,
                name: Type.String(),
                email: Type.String(),
                orgUnitId: Type.Union([Id, Type.Null()]),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { week, managers: missed } = await app.weeklyEntries.missed(
        institutionId,
        userOf(request),
        request.query.week,
      );
      return {
        week,
        items: missed.map((m) => ({
          id: m.profile._id.toHexString(),
          name: m.user.name,
          email: m.user.email,
          orgUnitId: m.user.orgUnitId?.toHexString() ?? null,
        })),
      };
    },
  );

  app.put(
    '/:institutionId/customers/weekly-entries/:week',
    {
      preHandler: managers,
      schema: {
        tags: ['customers'],
        summary: 'Write your weekly information entry for an ISO week (rev 0 the first time)',
        params: WeekParams,
        body: Type.Object(
          {
            rev: Type.Integer({ minimum: 0 }),
            notes: Type.Optional(Type.String({ maxLength: 10000 })),
            data: Type.Optional(Data),
          },
          { additionalProperties: false },
        ),
        response: { 200: WeeklyEntryView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const viewer = userOf(request);
      const { rev, notes, data } = request.body;
      const saved = await app.weeklyEntries.save(
        institutionId,
        viewer,
        request.params.week,
        rev,
        { notes: notes ?? '', data: data ?? {} },
        actorOf(viewer),
      );
      return weeklyEntryView(saved);
    },
  );
};

export default routes;
