import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Collection, ObjectId } from 'mongodb';
import semver from 'semver';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import { actorOf, type UserDoc } from '../users/service.js';
import { PluginCatalogue } from './catalogue.js';
import { generateDemo } from './demo-seed.js';
import { convertLegacyInstalls, type InstallDoc, type JournalEntry } from './installs.js';
import type { DemoRequest, InstallReport, KindStep, PluginKind, PluginKinds, Source } from './kinds.js';
import type { LoadedPlugin, PluginProblem } from './loader.js';

declare module 'fastify' {
  interface FastifyInstance {
    plugins: PluginsService;
  }
}

export type { InstallDoc, InstallReport, JournalEntry, Source };

const reportOf = ({ manifest }: LoadedPlugin): InstallReport => ({
  plugin: manifest.id,
  version: manifest.version,
  created: {},
  skipped: [],
  demoPassword: null,
  demoUsers: [],
});

function refuse(problems: PluginProblem[]): never {
  throw validationError(problems.map((p) => ({ in: p.file, path: p.path, message: p.message })));
}

/**
 * The plugin host: the catalogue of plugins/ and, per institution, install, enable, disable, upgrade,
 * uninstall. It holds only its installs: every kind of content is installed, upgraded and taken out
 * by the kind its capability registered (app.pluginKinds), in their order, each step journalled.
 */
export class PluginsService {
  readonly catalogue: PluginCatalogue;

  constructor(
    private readonly app: FastifyInstance,
    private readonly installs: Collection<InstallDoc>,
    private readonly kinds: PluginKinds,
    coreVersion: string,
  ) {
    this.catalogue = new PluginCatalogue(coreVersion, app.log);
  }

  async ensureIndexes(): Promise<void> {
    await this.installs.createIndex({ institutionId: 1, pluginId: 1 }, { unique: true });
  }

  listInstalls(institutionId: ObjectId): Promise<InstallDoc[]> {
    return this.installs.find({ institutionId }).toArray();
  }

  async installOf(institutionId: ObjectId, pluginId: string): Promise<InstallDoc | null> {
    return this.installs.findOne({ institutionId, pluginId });
  }

  /** Plugins an institution has enabled (for its routes, hooks and fillable forms). */
  async enabled(institutionId: ObjectId): Promise<Set<string>> {
    const docs = await this.installs.find({ institutionId, status: 'enabled' }).toArray();
    return new Set(docs.map((d) => d.pluginId));
  }

  /** Plugins an institution has installed but disabled: their forms are hidden. */
  async disabled(institutionId: ObjectId): Promise<Set<string>> {
    const docs = await this.installs.find({ institutionId, status: 'disabled' }).toArray();
    return new Set(docs.map((d) => d.pluginId));
  }

  /** Every problem installing would meet, all at once, before anything is written. */
  async installProblems(institutionId: ObjectId, pluginId: string): Promise<PluginProblem[]> {
    const entry = this.catalogue.loaded(pluginId);
    const problems = [...entry.problems];
    const installed = await this.listInstalls(institutionId);
    for (const dep of entry.plugin.manifest.dependsOn) {
      const have = installed.find((i) => i.pluginId === dep.id);
      if (!have || !semver.satisfies(have.version, dep.version))
        problems.push({
          file: 'manifest.json',
          path: '/dependsOn',
          message: {
            en: `needs plugin "${dep.id}" ${dep.version} installed first`,
            zh: `需先安装插件 "${dep.id}" ${dep.version}`,
          },
        });
    }
    for (const kind of this.kinds.ordered())
      if (kind.check) problems.push(...(await kind.check(institutionId, entry.plugin)));
    return problems;
  }

  /** Journals a kind's step; a failure is journalled with its reason and thrown on. */
  private async journalled<T>(
    install: InstallDoc,
    kind: PluginKind,
    step: JournalEntry['step'],
    work: () => Promise<T>,
  ): Promise<T> {
    const note = (status: JournalEntry['status'], error?: string) =>
      this.installs.updateOne(
        { _id: install._id },
        {
          $push: { journal: { kind: kind.key, step, status, at: new Date(), ...(error ? { error } : {}) } },
          $set: { updatedAt: new Date() },
        },
      );
    await note('started');
    try {
      const result = await work();
      await note('done');
      return result;
    } catch (err) {
      await note('failed', err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  /** The step a kind installs or upgrades in: what it needs, and where it saves what it made. */
  private stepFor<S>(
    install: InstallDoc,
    kind: PluginKind,
    plugin: LoadedPlugin,
    user: UserDoc,
    demo: DemoRequest | null,
    report: InstallReport,
  ): KindStep<S> {
    return {
      institutionId: install.institutionId,
      plugin,
      user,
      actor: actorOf(user),
      source: { plugin: plugin.manifest.id, version: plugin.manifest.version },
      demo,
      report,
      earlier: <T>(key: string) => install.kinds[key]?.state as T | undefined,
      save: async (state: S) => {
        install.kinds[kind.key] = { ...install.kinds[kind.key], state };
        await this.installs.updateOne(
          { _id: install._id },
          { $set: { [`kinds.${kind.key}.state`]: state, updatedAt: new Date() } },
        );
      },
    };
  }

  /** The demo asked for: people and business generated once, one password for every sign-in. */
  private async demoFor(institutionId: ObjectId, plugin: LoadedPlugin, report: InstallReport) {
    const seed = plugin.content.demo;
    if (!seed) return null;
    const institution = await this.app.institutions.get(institutionId);
    const password = generatePassword();
    report.demoPassword = password;
    return {
      ...generateDemo(seed, plugin.manifest.id),
      // Hashed once: scrypt is slow on purpose.
      passwordHash: await hashPassword(password),
      domain: `${institution.code}.${plugin.manifest.id}.demo`,
    };
  }

  /**
   * Installs a plugin: checks everything first and refuses with every problem; then each kind, in
   * order, copies its content in (and its part of the demo, if asked). Each kind saves what it made
   * into the install as it goes, so a failure part-way leaves a record uninstall can take back out.
   */
  async install(
    institutionId: ObjectId,
    pluginId: string,
    user: UserDoc,
    opts: { demo: boolean },
  ): Promise<InstallReport> {
    const problems = await this.installProblems(institutionId, pluginId);
    if (problems.length > 0) refuse(problems);
    const { plugin } = this.catalogue.loaded(pluginId);
    const { manifest } = plugin;
    const actor = actorOf(user);
    const kinds = this.kinds.ordered();
    const now = new Date();
    const install: InstallDoc = {
      _id: new ObjectId(),
      institutionId,
      pluginId: manifest.id,
      version: manifest.version,
      status: 'installing',
      kinds: {},
      journal: [],
      installedAt: now,
      installedBy: actor,
      rev: 1,
      updatedAt: now,
    };
    // What the institution had, taken before anything is written.
    for (const kind of kinds)
      if (kind.snapshot) install.kinds[kind.key] = { snapshot: await kind.snapshot(institutionId) };
    try {
      await this.installs.insertOne(install);
    } catch {
      throw new Errors.PLUGINS_ALREADY_INSTALLED();
    }
    const report = reportOf(plugin);
    const demo = opts.demo ? await this.demoFor(institutionId, plugin, report) : null;
    for (const kind of kinds) {
      const step = this.stepFor(install, kind, plugin, user, demo, report);
      await step.save(await this.journalled(install, kind, 'install', () => kind.install(step)));
    }
    await this.installs.updateOne(
      { _id: install._id },
      { $set: { status: 'enabled', updatedAt: new Date() }, $inc: { rev: 1 } },
    );
    await this.app.events.note(
      institutionId,
      actor,
      'plugin.installed',
      'plugin_installs',
      install._id,
      `${manifest.id} ${manifest.version}`,
    );
    return report;
  }

  /** Enables or disables an installed plugin: disabled, its forms are hidden and its routes answer 404. */
  async setStatus(institutionId: ObjectId, pluginId: string, status: 'enabled' | 'disabled', actor: Actor) {
    const install = await this.installOf(institutionId, pluginId);
    if (!install || install.status === 'installing') throw new Errors.NOT_FOUND();
    await this.installs.updateOne(
      { _id: install._id },
      { $set: { status, updatedAt: new Date() }, $inc: { rev: 1 } },
    );
    await this.app.events.note(
      institutionId,
      actor,
      `plugin.${status}`,
      'plugin_installs',
      install._id,
      pluginId,
    );
  }

  /**
   * Upgrades to the catalogue's version: each kind brings its content to the new version (forms and
   * workflows published again; nothing submitted is touched), a kind the install has no record of is
   * installed; the report names what the institution had changed, which the new version supersedes.
   */
  async upgrade(institutionId: ObjectId, pluginId: string, user: UserDoc) {
    const install = await this.installOf(institutionId, pluginId);
    if (!install || install.status === 'installing') throw new Errors.NOT_FOUND();
    const { plugin } = this.catalogue.loaded(pluginId);
    const { manifest } = plugin;
    if (!semver.gt(manifest.version, install.version)) throw new Errors.PLUGINS_UP_TO_DATE();
    const outcome = {
      added: [] as string[],
      updated: [] as string[],
      changedByInstitution: [] as string[],
      keptIndicators: [] as string[],
    };
    const report = reportOf(plugin);
    for (const kind of this.kinds.ordered()) {
      const step = this.stepFor(install, kind, plugin, user, null, report);
      const state = install.kinds[kind.key]?.state;
      if (state === undefined) {
        await step.save(await this.journalled(install, kind, 'install', () => kind.install(step)));
        continue;
      }
      const upgrade = kind.upgrade;
      if (!upgrade) continue;
      const done = await this.journalled(install, kind, 'upgrade', () => upgrade(step, state));
      await step.save(done.state);
      for (const key of Object.keys(outcome) as (keyof typeof outcome)[])
        outcome[key].push(...(done[key] ?? []));
    }
    await this.installs.updateOne(
      { _id: install._id },
      { $set: { version: manifest.version, updatedAt: new Date() }, $inc: { rev: 1 } },
    );
    await this.app.events.note(
      institutionId,
      actorOf(user),
      'plugin.upgraded',
      'plugin_installs',
      install._id,
      `${pluginId} ${install.version} → ${manifest.version}`,
    );
    return { from: install.version, to: manifest.version, ...outcome };
  }

  /** What in the institution depends on a plugin's content (submissions, instances, launched cycles, audits…), by name. */
  async dependents(institutionId: ObjectId, install: InstallDoc): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const kind of this.kinds.ordered()) {
      const state = install.kinds[kind.key]?.state;
      if (kind.dependents && state !== undefined)
        for (const [name, n] of Object.entries(await kind.dependents(institutionId, state)))
          counts[name] = (counts[name] ?? 0) + n;
    }
    return counts;
  }

  /**
   * Uninstalls: refused while data depends on the plugin's content, unless the admin confirms
   * archiving (its forms are archived and its plans paused, the data kept). Without dependents, each
   * kind takes out what it installed, last installed first, and puts back what it replaced.
   */
  async uninstall(institutionId: ObjectId, pluginId: string, actor: Actor, opts: { archive: boolean }) {
    const install = await this.installOf(institutionId, pluginId);
    if (!install) throw new Errors.NOT_FOUND();
    const dependents = await this.dependents(institutionId, install);
    const depends = Object.values(dependents).some((n) => n > 0);
    if (depends && !opts.archive) {
      const err = new Errors.PLUGINS_IN_USE();
      (err as unknown as { details: unknown }).details = dependents;
      throw err;
    }
    const kinds = this.kinds.ordered();
    if (depends) {
      for (const kind of kinds) {
        const { archive } = kind;
        const state = install.kinds[kind.key]?.state;
        if (archive && state !== undefined)
          await this.journalled(install, kind, 'archive', () => archive(institutionId, state, actor));
      }
    } else {
      for (const kind of kinds.reverse()) {
        const recorded = install.kinds[kind.key];
        if (!recorded) continue;
        await this.journalled(install, kind, 'remove', () =>
          kind.remove(institutionId, recorded.state, recorded.snapshot, actor),
        );
        // Taken out: a second attempt after a failure further on does not take it out again.
        await this.installs.updateOne({ _id: install._id }, { $unset: { [`kinds.${kind.key}`]: '' } });
      }
    }
    await this.installs.deleteOne({ _id: install._id });
    await this.app.events.note(
      institutionId,
      actor,
      depends ? 'plugin.archived' : 'plugin.uninstalled',
      'plugin_installs',
      install._id,
      pluginId,
    );
    return { archived: depends, dependents };
  }
}

export default fp(
  async (app, opts: { pluginsDir: string | null; coreVersion: string }) => {
    const service = new PluginsService(
      app,
      app.mongo.db.collection<InstallDoc>('plugin_installs'),
      app.pluginKinds,
      opts.coreVersion,
    );
    await service.ensureIndexes();
    await convertLegacyInstalls(app.mongo.db.collection<InstallDoc>('plugin_installs'));
    if (opts.pluginsDir) await service.catalogue.load(opts.pluginsDir);
    app.decorate('plugins', service);
    app.forms.hideSources((institutionId) => service.disabled(institutionId));
  },
  {
    name: 'plugins-service',
    dependencies: ['mongo', 'plugin-kinds', 'forms-service', 'institutions-service', 'events-service'],
  },
);
