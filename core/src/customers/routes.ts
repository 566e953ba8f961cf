import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES, ROLES } from '@rapport/schemas';
import type { FastifyRequest } from 'fastify';
import { ObjectId } from 'mongodb';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { Errors } from '../infra/errors.js';
import { errors, Id, InstitutionParams, Rev } from '../infra/schemas.js';
import { idOf } from '../infra/tenant.js';
import { actorOf } from '../users/service.js';
import { FREQUENCY_CLASSES, SIZE_CLASSES } from './classify.js';
import { FACT_KINDS, parseDay } from './fact-rows.js';
import { readTable, type TableRow } from './table.js';
import {
  CustomerSummaryView,
  CustomerView,
  customerSummaryView,
  customerView,
  day,
  FactView,
  factView,
  OptionSchema,
  RulesSchema,
  SettingsView,
  settingsView,
  VisitView,
  visitView,
  WeeklyEntryView,
  weeklyEntryView,
} from './views.js';

const InstitutionId = Type.String({ maxLength: 64 });
const CustomerParams = Type.Object(
  { institutionId: InstitutionId, customerId: Type.String({ maxLength: 64 }) },
  { additionalProperties: false },
);
const WeekParams = Type.Object(
  { institutionId: InstitutionId, week: Type.String({ maxLength: 16 }) },
  { additionalProperties: false },
);
const Week = Type.String({ maxLength: 16, description: 'ISO week, e.g. 2025-W07' });
const Code = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' });
const Key = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' });
const FormKey = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()]);
const Data = Type.Unsafe<Record<string, unknown>>({
  type: 'object',
  description: 'form data, as the form describes it',
});
const Day = Type.String({ format: 'date' });
const Paging = {
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
};

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_TYPES = ['text/csv', XLSX, 'application/vnd.ms-excel', 'application/octet-stream'];

/** A parsed upload; a class, so a JSON body can never pass for one. */
class UploadedTable {
  constructor(readonly rows: TableRow[]) {}
}

/** An XLSX file is a ZIP: it starts with "PK\x03\x04", whatever type the browser gave it. */
const isZip = (bytes: Buffer) => bytes.length > 4 && bytes.readUInt32LE(0) === 0x04034b50;

const optionalDay = (raw: string | undefined, path: string) => {
  if (raw === undefined) return undefined;
  const parsed = parseDay(raw);
  if (!parsed)
    throw Object.assign(new Errors.VALIDATION_ERROR(), {
      details: [{ in: 'querystring', path, message: { en: 'not a date', zh: '不是有效日期' } }],
    });
  return parsed;
};

const routes: FastifyPluginAsyncTypebox = async (app) => {
  const everyone = app.requireRole(...ROLES);
  const admins = app.requireRole(...ADMIN_ROLES);
  const keepers = app.requireRole('platform_admin', 'institution_admin', 'supervisor', 'manager');
  const overseers = app.requireRole('platform_admin', 'institution_admin', 'supervisor');
  const reviewers = app.requireRole('platform_admin', 'institution_admin', 'supervisor', 'auditor');
  const managers = app.requireRole('manager');

  // Uploads only reach routes in this plugin; the rest of the API still speaks JSON only.
  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer' },
    async (_request: FastifyRequest, body: Buffer) =>
      new UploadedTable(await readTable(isZip(body) ? 'xlsx' : 'csv', body)),
  );

  const users = (institutionId: ObjectId) => app.users.list(institutionId);
  const customerOf = async (
    request: FastifyRequest,
    params: { institutionId: string; customerId: string },
  ) => {
    const institutionId = request.institutionId;
    const customer = await app.customers.read(institutionId, idOf(params.customerId), userOf(request));
    return { institutionId, customer };
  };

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
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(CustomerSummaryView), total: Type.Integer() }),
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
      return { items: page.items.map((c) => customerSummaryView(c, people)), total: page.total };
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
      const { institutionId, customer } = await customerOf(request, request.params);
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
          await app.customerFacts.removeOf(institutionId, id);
          await app.customerVisits.removeOf(institutionId, id);
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
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(FactView), total: Type.Integer() }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { institutionId, customer } = await customerOf(request, request.params);
      const { from, to, ...query } = request.query;
      const fromDay = optionalDay(from, '/from');
      const toDay = optionalDay(to, '/to');
      const [items, total] = await app.customerFacts.list(institutionId, customer._id, {
        ...query,
        ...(fromDay ? { from: fromDay } : {}),
        ...(toDay ? { to: toDay } : {}),
      });
      return { items: items.map(factView), total };
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
      const { institutionId, customer } = await customerOf(request, request.params);
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
      const { institutionId, customer } = await customerOf(request, request.params);
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
      const { institutionId, customer } = await customerOf(request, request.params);
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
