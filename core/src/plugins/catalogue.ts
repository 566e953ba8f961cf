import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { INDUSTRIES, type PluginManifest } from '@rapport/schemas';
import type { FastifyBaseLogger } from 'fastify';
import semver from 'semver';
import { Type } from 'typebox';
import { Errors } from '../infra/errors.js';
import { Message } from '../infra/schemas.js';
import type { PluginServer } from '../plugin-api.js';
import { checkPlugin, type LoadedPlugin, type PluginProblem, pluginDirs, readPlugin } from './loader.js';

/** A plugin as the catalogue shows it: installable, or refused with why. */
export interface CatalogueEntry {
  plugin: LoadedPlugin | null;
  id: string;
  dir: string;
  problems: PluginProblem[];
  /** The server entry failed to load (the plugin can still be installed as content). */
  serverError: string | null;
  server: PluginServer | null;
}

/** The plugins found under plugins/, each with its problems; one that fails to load stays, refused. */
export class PluginCatalogue {
  private readonly entries = new Map<string, CatalogueEntry>();

  constructor(
    private readonly coreVersion: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  values(): IterableIterator<CatalogueEntry> {
    return this.entries.values();
  }

  /** A plugin that loaded (404 for an unknown id or one that could not be read). */
  loaded(pluginId: string): CatalogueEntry & { plugin: LoadedPlugin } {
    const entry = this.entries.get(pluginId);
    if (!entry?.plugin) throw new Errors.NOT_FOUND();
    return entry as CatalogueEntry & { plugin: LoadedPlugin };
  }

  /** Reads every plugin under `root`; one that fails to load is kept in the catalogue with its problems. */
  async load(root: string): Promise<void> {
    for (const dir of await pluginDirs(root)) {
      const { plugin, problems } = await readPlugin(dir);
      const id = plugin?.manifest.id ?? path.basename(dir);
      const entry: CatalogueEntry = {
        plugin,
        id,
        dir,
        problems: [...problems],
        serverError: null,
        server: null,
      };
      if (plugin) {
        entry.problems.push(...checkPlugin(plugin));
        if (!semver.satisfies(this.coreVersion, plugin.manifest.core))
          entry.problems.push({
            file: 'manifest.json',
            path: '/core',
            message: {
              en: `needs core ${plugin.manifest.core}; this is ${this.coreVersion}`,
              zh: `需要核心版本 ${plugin.manifest.core}，当前为 ${this.coreVersion}`,
            },
          });
        if (plugin.manifest.server) {
          try {
            const module = (await import(pathToFileURL(path.join(dir, plugin.manifest.server)).href)) as {
              default?: PluginServer;
            };
            if (typeof module.default !== 'function')
              throw new Error('the server entry has no default export');
            entry.server = module.default;
          } catch (err) {
            entry.serverError = err instanceof Error ? err.message : String(err);
            this.log.error({ err, plugin: id }, 'plugin server refused');
          }
        }
      }
      this.entries.set(id, entry);
    }
  }
}

const Keyed = Type.Object({ key: Type.String(), title: Message });
const Coded = Type.Object({ code: Type.String(), name: Message });

/** A plugin as the catalogue shows it (catalogueView): its manifest, what installing adds, and its problems. */
export const CatalogueEntryView = Type.Object({
  id: Type.String(),
  name: Message,
  description: Message,
  version: Type.String(),
  industry: Type.Enum(INDUSTRIES),
  dependsOn: Type.Array(Type.Object({ id: Type.String(), version: Type.String() })),
  contents: Type.Object({
    forms: Type.Array(Keyed),
    workflows: Type.Array(Keyed),
    indicators: Type.Integer(),
    indicatorSets: Type.Array(Coded),
    checklists: Type.Array(Keyed),
    auditPlans: Type.Array(Coded),
    grades: Type.Integer(),
    cycle: Type.Union([Coded, Type.Null()]),
    selection: Type.Union([Coded, Type.Null()]),
    customerKinds: Type.Array(Type.Object({ key: Type.String(), label: Message })),
    demo: Type.Union([
      Type.Object({ orgUnits: Type.Integer(), managers: Type.Integer(), customers: Type.Integer() }),
      Type.Null(),
    ]),
  }),
  server: Type.Boolean(),
  problems: Type.Array(Type.Object({ file: Type.String(), path: Type.String(), message: Message })),
  serverError: Type.Union([Type.String(), Type.Null()]),
  installable: Type.Boolean(),
});

/** The catalogue's view of a plugin: what it is and what installing it adds. */
export function catalogueView(entry: CatalogueEntry) {
  const m: PluginManifest | undefined = entry.plugin?.manifest;
  const c = entry.plugin?.content;
  return {
    id: entry.id,
    name: m?.name ?? { zh: entry.id, en: entry.id },
    description: m?.description ?? { zh: '', en: '' },
    version: m?.version ?? '0.0.0',
    industry: m?.industry ?? 'other',
    dependsOn: m?.dependsOn ?? [],
    contents: {
      forms: c?.forms.map((f) => ({ key: f.key, title: f.title })) ?? [],
      workflows: c?.workflows.map((w) => ({ key: w.key, title: w.title })) ?? [],
      indicators: c?.indicators.length ?? 0,
      indicatorSets: c?.indicatorSets.map((s) => ({ code: s.code, name: s.name })) ?? [],
      checklists: c?.checklists.map((f) => ({ key: f.key, title: f.title })) ?? [],
      auditPlans: c?.auditPlans.map((p) => ({ code: p.code, name: p.name })) ?? [],
      grades: c?.grades.length ?? 0,
      cycle: c?.cycle ? { code: c.cycle.code, name: c.cycle.name } : null,
      selection: c?.selection ? { code: c.selection.drive.code, name: c.selection.drive.name } : null,
      customerKinds: c?.customers?.kinds ?? [],
      demo: c?.demo
        ? {
            orgUnits: c.demo.orgUnits.length,
            managers: Object.values(c.demo.managers.perUnit).reduce((a, b) => a + b, 0),
            customers:
              Object.values(c.demo.managers.perUnit).reduce((a, b) => a + b, 0) * c.demo.customers.perManager,
          }
        : null,
    },
    server: Boolean(m?.server),
    problems: entry.problems,
    serverError: entry.serverError,
    installable: entry.plugin !== null && entry.problems.length === 0,
  };
}
