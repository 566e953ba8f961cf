import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, FREQUENCY_CLASSES, ROLES, SIZE_CLASSES } from '@rapport/schemas';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { Errors } from '../infra/errors.js';
import { errors, Id, InstitutionParams, Paged, paging, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';
import {
  Code,
  CustomerParams,
  customerOf,
  Data,
  Day,
  FormKey,
  Key,
  Name,
  optionalDay,
  Reason,
} from './route-kit.js';
import {
  CustomerSummaryView,
  CustomerView,
  customerSummaryView,
  customerView,
  day,
  OptionSchema,
  RulesSchema,
  SettingsView,
  settingsView,
} from './views.js';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const everyone = app.requireRole(...ROLES);
  const admins = app.requireRole(...ADMIN_ROLES);
  const keepers = app.requireRole('platform_admin', 'institution_admin', 'supervisor', 'manager');
  const overseers = app.requireRole('platform_admin', 'institution_admin', 'supervisor');
  const users = (institutionId: ObjectId) => app.users.list(institutionId);

  // ---- settings ----

  app.get(
    '/:institutionId/customers/settings',
    {
      preHandler: everyone,
      schema: {
        tags: ['customers'],
        summary: "The institution's customer kinds, industry groups, classification rules and forms",
        params: InstitutionParams,
        response: { 200: SettingsView, ...errors(401, 403, 404) },
      },
    },
    async (request) => settingsView(await app.customers.settings(request.institutionId)),
  );

  app.put(
    '/:institutionId/customers/settings',
    {
      preHandler: admins,
      schema: {
        tags: ['customers'],
        summary:
          'Set the customer settings (rev 0 the first time); customers are reclassified by the new rules',
        params: InstitutionParams,
        body: Type.Object(
          {
            rev: Type.Integer({ minimum: 0 }),
            fileFormKey: FormKey,
            visitFormKey: FormKey,
            weeklyFormKey: FormKey,
            kinds: Type.Array(OptionSchema, { minItems: 1, maxItems: 50 }),
            industryGroups: Type.Array(OptionSchema, { maxItems: 100 }),
            rules: RulesSchema,
            timeZone: Type.String({ minLength: 1, maxLength: 64 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SettingsView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...input } = request.body;
      const saved = await app.customers.saveSettings(institutionId, rev, input, request.actor);
      await app.customerFacts.classify(institutionId);
      return settingsView(saved);
    },
  );

  // ---- customer files ----

  app.get(
    '/:institutionId/customers',
    {
      preHandler: everyone,
      schema: {
        tags: ['customers'],
        summary: 'The customers you may see (by the org tree; a manager their own), with their classes',
        params: InstitutionParams,
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 100 })),
            frequency: Type.Optional(Type.Enum(FREQUENCY_CLASSES)),
            size: Type.Optional(Type.Enum(SIZE_CLASSES)),
            kind: Type.Optional(Key),
            industryGroup: Type.Optional(Key),
            managerId: Type.Optional(Id),
            ...paging(50, 200),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Paged(CustomerSummaryView),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { managerId, ...query } = request.query;
      const [page, people] = await Promise.all([
        app.customers.list(institutionId, userOf(request), {
          ...query,
          ...(managerId ? { managerId: new ObjectId(managerId) } : {}),
        }),
        users(institutionId),
      ]);
      return {
        items: page.items.map((c) => customerSummaryView(c, people)),
        total: page.total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  );

  app.post(
    '/:institutionId/customers',
    {
      preHandler: keepers,
      schema: {
        tags: ['customers'],
        summary: 'Open a customer file (a manager for their own customers only)',
        params: InstitutionParams,
        body: Type.Object(
          {
            code: Code,
            name: Name,
            kind: Key,
            industryGroup: Type.Optional(Type.Union([Key, Type.Null()])),
            fileData: Type.Optional(Data),
            relationshipManagerId: Type.Optional(Id),
            productSpecialistIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CustomerView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const viewer = userOf(request);
      const body = request.body;
      const rm =
        body.relationshipManagerId ?? (viewer.role === 'manager' ? viewer._id.toHexString() : undefined);
      if (!rm)
        throw Object.assign(new Errors.VALIDATION_ERROR(), {
          details: [
            { in: 'body', path: '/relationshipManagerId', message: { en: 'is required', zh: '为必填项' } },
          ],
        });
      const created = await app.customers.create(
        institutionId,
        {
          code: body.code,
          name: body.name,
          kind: body.kind,
          industryGroup: body.industryGroup ?? null,
          fileData: body.fileData ?? {},
          relationshipManagerId: new ObjectId(rm),
          productSpecialistIds: (body.productSpecialistIds ?? []).map((id) => new ObjectId(id)),
        },
        viewer,
        actorOf(viewer),
      );
      return reply.status(201).send(customerView(created, await users(institutionId)));
    },
  );

  app.get(
    '/:institutionId/customers/core',
    {
      preHandler: everyone,
      schema: {
        tags: ['customers'],
        summary:
          'Core customers (80/20): customers by volume with their cumulative share; those making 80 % flagged',
        params: InstitutionParams,
        querystring: Type.Object(
          { from: Type.Optional(Day), to: Type.Optional(Day) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            from: Day,
            to: Day,
            totalVolume: Type.Number(),
            customers: Type.Integer(),
            coreCustomers: Type.Integer(),
            items: Type.Array(
              Type.Object({
                id: Id,
                code: Type.String(),
                name: Type.String(),
                volume: Type.Number(),
                share: Type.Number(),
                cumulativeShare: Type.Number(),
                core: Type.Boolean(),
              }),
            ),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const from = optionalDay(request.query.from, '/from');
      const to = optionalDay(request.query.to, '/to');
      const result = await app.customerFacts.core(institutionId, userOf(request), {
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
      });
      return {
        from: day(result.from),
        to: day(result.to),
        totalVolume: result.total,
        customers: result.rows.length,
        coreCustomers: result.rows.filter((r) => r.core).length,
        items: result.rows.map((r) => ({
          id: r.item._id.toHexString(),
          code: r.item.code,
          name: r.item.name,
          volume: r.volume,
          share: r.share,
          cumulativeShare: r.cumulativeShare,
          core: r.core,
        })),
      };
    },
  );

  app.get(
    '/:institutionId/customers/:customerId',
    {
      preHandler: everyone,
      schema: {
        tags: ['customers'],
        summary: 'A customer file with its ownership history',
        params: CustomerParams,
        response: { 200: CustomerView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const { institutionId, customer } = await customerOf(app, request, request.params);
      return customerView(customer, await users(institutionId));
    },
  );

  app.patch(
    '/:institutionId/customers/:customerId',
    {
      preHandler: keepers,
      schema: {
        tags: ['customers'],
        summary: "Change a customer's name, kind, industry group or file data (validated by the file form)",
        params: CustomerParams,
        body: Type.Object(
          {
            rev: Rev,
            name: Type.Optional(Name),
            kind: Type.Optional(Key),
            industryGroup: Type.Optional(Type.Union([Key, Type.Null()])),
            fileData: Type.Optional(Data),
          },
          { additionalProperties: false },
        ),
        response: { 200: CustomerView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, ...changes } = request.body;
      const viewer = userOf(request);
      const updated = await app.customers.update(
        institutionId,
        idOf(request.params.customerId),
        rev,
        changes,
        viewer,
        actorOf(viewer),
      );
      return customerView(updated, await users(institutionId));
    },
  );

  app.delete(
    '/:institutionId/customers/:customerId',
    {
      preHandler: admins,
      schema: {
        tags: ['customers'],
        summary: 'Remove a customer file with its facts and visits',
        params: CustomerParams,
        querystring: Type.Object({ rev: Rev }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      await app.customers.remove(
        institutionId,
        idOf(request.params.customerId),
        request.query.rev,
        request.actor,
        async (id) => {
          await app.customerFacts.removeOf(institutionId, [id]);
          await app.customerVisits.removeOf(institutionId, [id]);
        },
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/:institutionId/customers/:customerId/ownership',
    {
      preHandler: overseers,
      schema: {
        tags: ['customers'],
        summary:
          'Reassign a customer to another relationship manager and/or product specialists; the history keeps it',
        params: CustomerParams,
        body: Type.Object(
          {
            rev: Rev,
            relationshipManagerId: Type.Optional(Id),
            productSpecialistIds: Type.Optional(Type.Array(Id, { maxItems: 20 })),
            reason: Reason,
          },
          { additionalProperties: false },
        ),
        response: { 200: CustomerView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const { rev, relationshipManagerId, productSpecialistIds, reason } = request.body;
      const viewer = userOf(request);
      const updated = await app.customers.reassign(
        institutionId,
        idOf(request.params.customerId),
        rev,
        {
          reason,
          ...(relationshipManagerId ? { relationshipManagerId: new ObjectId(relationshipManagerId) } : {}),
          ...(productSpecialistIds
            ? { productSpecialistIds: productSpecialistIds.map((id) => new ObjectId(id)) }
            : {}),
        },
        viewer,
        actorOf(viewer),
      );
      return customerView(updated, await users(institutionId));
    },
  );
};

export default routes;
