import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ADMIN_ROLES } from '@rapport/schemas';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { userOf } from '../auth/guard.js';
import { Errors } from '../infra/errors.js';
import { errors, InstitutionParams, Message, Timestamp } from '../infra/schemas.js';
import { pluginApi } from './api.js';
import { CatalogueEntryView, catalogueView } from './catalogue.js';

/** What an install created and skipped (InstallReport of kinds.ts). */
const InstallReportView = Type.Object({
  plugin: Type.String(),
  version: Type.String(),
  /** Per kind of thing (forms, workflows…), how many were created. */
  created: Type.Record(Type.String(), Type.Integer()),
  skipped: Type.Array(Type.Object({ what: Type.String(), reason: Message })),
  /** The one password of every demo sign-in; the server keeps no copy to show again. */
  demoPassword: Type.Union([Type.String(), Type.Null()]),
  demoUsers: Type.Array(Type.Object({ email: Type.String(), role: Type.String() })),
});
const PluginParams = Type.Object(
  {
    institutionId: Type.String({ maxLength: 64 }),
    pluginId: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }),
  },
  { additionalProperties: false },
);

/** Routes under /api/institutions: the catalogue as an institution sees it, and install, enable, disable, upgrade, uninstall. */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admins = app.requireRole(...ADMIN_ROLES);
  const tags = ['plugins'];

  app.get(
    '/:institutionId/plugins',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'The plugin catalogue, with what this institution has installed',
        params: InstitutionParams,
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                ...CatalogueEntryView.properties,
                installed: Type.Union([
                  Type.Object({
                    version: Type.String(),
                    status: Type.Enum(['installing', 'enabled', 'disabled']),
                    installedAt: Timestamp,
                    upgradeAvailable: Type.Boolean(),
                  }),
                  Type.Null(),
                ]),
              }),
            ),
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => {
      const institutionId = request.institutionId;
      const installs = await app.plugins.listInstalls(institutionId);
      return {
        items: [...app.plugins.catalogue.values()].map((entry) => {
          const view = catalogueView(entry);
          const install = installs.find((i) => i.pluginId === entry.id);
          return {
            ...view,
            installed: install
              ? {
                  version: install.version,
                  status: install.status,
                  installedAt: install.installedAt.toISOString(),
                  upgradeAvailable: view.version !== install.version && view.installable,
                }
              : null,
          };
        }),
      };
    },
  );

  app.post(
    '/:institutionId/plugins/:pluginId/install',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          'Install a plugin: checked first (every problem at once), then its content copied in, with demo data if asked',
        params: PluginParams,
        body: Type.Object({ demo: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: {
          201: InstallReportView,
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const institutionId = request.institutionId;
      const report = await app.plugins.install(institutionId, request.params.pluginId, userOf(request), {
        demo: request.body.demo ?? false,
      });
      return reply.status(201).send(report);
    },
  );

  for (const status of ['enabled', 'disabled'] as const) {
    app.post(
      `/:institutionId/plugins/:pluginId/${status === 'enabled' ? 'enable' : 'disable'}`,
      {
        preHandler: admins,
        schema: {
          tags,
          summary:
            status === 'enabled'
              ? 'Enable an installed plugin'
              : 'Disable a plugin: its forms hidden, its routes closed, nothing deleted',
          params: PluginParams,
          response: { 204: Type.Null(), ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const institutionId = request.institutionId;
        await app.plugins.setStatus(institutionId, request.params.pluginId, status, request.actor);
        return reply.status(204).send(null);
      },
    );
  }

  app.post(
    '/:institutionId/plugins/:pluginId/upgrade',
    {
      preHandler: admins,
      schema: {
        tags,
        summary:
          "Upgrade to the catalogue's version: new content versions, and what the institution had changed",
        params: PluginParams,
        response: {
          200: Type.Object({
            from: Type.String(),
            to: Type.String(),
            added: Type.Array(Type.String()),
            updated: Type.Array(Type.String()),
            changedByInstitution: Type.Array(Type.String()),
            keptIndicators: Type.Array(Type.String()),
          }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) => app.plugins.upgrade(request.institutionId, request.params.pluginId, userOf(request)),
  );

  app.post(
    '/:institutionId/plugins/:pluginId/uninstall',
    {
      preHandler: admins,
      schema: {
        tags,
        summary: 'Uninstall: refused while data depends on the plugin, unless archiving is confirmed',
        params: PluginParams,
        body: Type.Object({ archive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            archived: Type.Boolean(),
            dependents: Type.Record(Type.String(), Type.Integer()),
          }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    async (request) =>
      app.plugins.uninstall(request.institutionId, request.params.pluginId, request.actor, {
        archive: request.body.archive ?? false,
      }),
  );
};

/**
 * Mounts each plugin's server code at /api/plugins/<id>/, for members of institutions that enabled
 * it (404 for everyone else). A plugin whose code throws while registering is refused, with its error
 * kept in the catalogue, and the platform goes on.
 */
export async function mountPluginServers(app: FastifyInstance): Promise<void> {
  const members = app.requireRole('institution_admin', 'supervisor', 'auditor', 'manager');
  for (const entry of app.plugins.catalogue.values()) {
    const server = entry.server;
    if (!server) continue;
    await app.register(
      async (scope) => {
        scope.addHook('preHandler', async (request) => {
          await members(request);
          const user = userOf(request);
          if (
            entry.serverError ||
            !user.institutionId ||
            !(await app.plugins.enabled(user.institutionId)).has(entry.id)
          )
            throw new Errors.ROUTE_NOT_FOUND();
        });
        try {
          await server(pluginApi(app, entry.id))(scope, {});
        } catch (err) {
          entry.serverError = err instanceof Error ? err.message : String(err);
          app.log.error({ err, plugin: entry.id }, 'plugin server refused');
        }
      },
      { prefix: `/api/plugins/${entry.id}` },
    );
  }
}

export default routes;
