import { createHash } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FormContent, Message, PluginManifest, WorkflowContent } from '@rapport/schemas';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Collection, type Document, ObjectId } from 'mongodb';
import semver from 'semver';
import { installDefaultIndicators } from '../appraisal/indicators/defaults.js';
import { userOf } from '../auth/guard.js';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import type { Actor } from '../events/service.js';
import { Errors, validationError } from '../infra/errors.js';
import type { PluginApi, PluginServer } from '../plugin-api.js';
import { actorOf, type UserDoc } from '../users/service.js';
import { generateDemo } from './demo-seed.js';
import { checkPlugin, type LoadedPlugin, type PluginProblem, pluginDirs, readPlugin } from './loader.js';

declare module 'fastify' {
  interface FastifyInstance {
    plugins: PluginsService;
  }
}

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

/** Where content came from, on every document a plugin put into an institution. */
export interface Source {
  plugin: string;
  version: string;
}

/** What one install created, to upgrade and to take back out. */
export interface InstalledContents {
  /** `hash`: of the plugin's content; `draftHash` / `rev`: the institution's copy right after install or upgrade. */
  forms: { key: string; id: string; hash: string; draftHash: string }[];
  workflows: { key: string; id: string; hash: string; rev: number }[];
  indicators: string[];
  sets: string[];
  cycles: string[];
  auditPlans: string[];
  orgUnits: string[];
  users: string[];
  customers: string[];
  /** Settings as they were before, restored on uninstall (null: there were none). */
  previous: { grades: Document[]; customerSettings: Document | null };
}

export interface InstallDoc {
  _id: ObjectId;
  institutionId: ObjectId;
  pluginId: string;
  version: string;
  status: 'installing' | 'enabled' | 'disabled';
  contents: InstalledContents;
  installedAt: Date;
  installedBy: Actor;
  rev: number;
  updatedAt: Date;
}

export interface InstallReport {
  plugin: string;
  version: string;
  created: Record<string, number>;
  skipped: { what: string; reason: Message }[];
  /** Demo sign-ins (one password for all), shown once. */
  demoPassword: string | null;
  demoUsers: { email: string; role: string }[];
}

const hashOf = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

function refuse(problems: PluginProblem[]): never {
  throw validationError(problems.map((p) => ({ in: p.file, path: p.path, message: p.message })));
}

/** A template's phases moved to `year` (the first phase's year becomes it; later years follow). */
export function phasesIn<T extends { from: string; to: string }>(phases: T[], year: number): T[] {
  const first = Math.min(...phases.map((p) => Number(p.from.slice(0, 4))));
  const shift = (date: string) => `${Number(date.slice(0, 4)) - first + year}${date.slice(4)}`;
  return phases.map((p) => ({ ...p, from: shift(p.from), to: shift(p.to) }));
}

/** The plugin host: the catalogue of plugins/ and, per institution, install, enable, disable, upgrade, uninstall. */
export class PluginsService {
  readonly catalogue = new Map<string, CatalogueEntry>();

  constructor(
    private readonly app: FastifyInstance,
    private readonly installs: Collection<InstallDoc>,
    private readonly coreVersion: string,
  ) {}

  private db(name: string) {
    return this.app.mongo.db.collection(name);
  }

  async ensureIndexes(): Promise<void> {
    await this.installs.createIndex({ institutionId: 1, pluginId: 1 }, { unique: true });
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
            this.app.log.error({ err, plugin: id }, 'plugin server refused');
          }
        }
      }
      this.catalogue.set(id, entry);
    }
  }

  private entry(pluginId: string): CatalogueEntry & { plugin: LoadedPlugin } {
    const entry = this.catalogue.get(pluginId);
    if (!entry?.plugin) throw new Errors.NOT_FOUND();
    return entry as CatalogueEntry & { plugin: LoadedPlugin };
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
    const entry = this.entry(pluginId);
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
    const forms = new Set((await this.app.forms.list(institutionId, {})).map((f) => f.key));
    const { content } = entry.plugin;
    for (const form of [...content.forms, ...content.checklists])
      if (forms.has(form.key))
        problems.push({
          file: 'forms',
          path: `/${form.key}`,
          message: {
            en: `the institution already has a form "${form.key}"`,
            zh: `本机构已有表单 "${form.key}"`,
          },
        });
    const workflows = new Set((await this.app.workflows.list(institutionId)).map((w) => w.key));
    for (const w of content.workflows)
      if (workflows.has(w.key))
        problems.push({
          file: 'workflows',
          path: `/${w.key}`,
          message: {
            en: `the institution already has a workflow "${w.key}"`,
            zh: `本机构已有流程 "${w.key}"`,
          },
        });
    return problems;
  }

  private async setSource(collection: string, id: ObjectId, source: Source) {
    // Content copied from a plugin says where it came from; admins may change it afterwards.
    await this.db(collection).updateOne({ _id: id }, { $set: { source } });
  }

  private async addForm(institutionId: ObjectId, form: FormContent, source: Source, actor: Actor) {
    const created = await this.app.forms.create(institutionId, form, actor);
    const published = await this.app.forms.publish(institutionId, created._id, created.rev, actor);
    await this.setSource('forms', published._id, source);
    return {
      key: form.key,
      id: published._id.toHexString(),
      hash: hashOf(form),
      draftHash: published.draftHash,
    };
  }

  private async addWorkflow(
    institutionId: ObjectId,
    workflow: WorkflowContent,
    source: Source,
    actor: Actor,
  ) {
    const created = await this.app.workflows.create(institutionId, workflow, actor);
    const published = await this.app.workflows.publish(institutionId, created._id, created.rev, actor);
    await this.setSource('workflows', published._id, source);
    return { key: workflow.key, id: published._id.toHexString(), hash: hashOf(workflow), rev: published.rev };
  }

  /**
   * Installs a plugin: checks everything first and refuses with every problem; then copies its
   * content into the institution (with its source) and, if asked, its demo data. Written as it goes
   * into the install record, so a failure part-way leaves a record uninstall can take back out.
   */
  async install(
    institutionId: ObjectId,
    pluginId: string,
    user: UserDoc,
    opts: { demo: boolean },
  ): Promise<InstallReport> {
    const problems = await this.installProblems(institutionId, pluginId);
    if (problems.length > 0) refuse(problems);
    const { plugin } = this.entry(pluginId);
    const { manifest, content } = plugin;
    const actor = actorOf(user);
    const source: Source = { plugin: manifest.id, version: manifest.version };
    const now = new Date();
    const contents: InstalledContents = {
      forms: [],
      workflows: [],
      indicators: [],
      sets: [],
      cycles: [],
      auditPlans: [],
      orgUnits: [],
      users: [],
      customers: [],
      previous: {
        grades: await this.db('grade_definitions').find({ institutionId }).toArray(),
        customerSettings: await this.db('customer_settings').findOne({ institutionId }),
      },
    };
    const install: InstallDoc = {
      _id: new ObjectId(),
      institutionId,
      pluginId: manifest.id,
      version: manifest.version,
      status: 'installing',
      contents,
      installedAt: now,
      installedBy: actor,
      rev: 1,
      updatedAt: now,
    };
    try {
      await this.installs.insertOne(install);
    } catch {
      throw new Errors.PLUGINS_ALREADY_INSTALLED();
    }
    const save = () =>
      this.installs.updateOne({ _id: install._id }, { $set: { contents, updatedAt: new Date() } });
    const report: InstallReport = {
      plugin: manifest.id,
      version: manifest.version,
      created: {},
      skipped: [],
      demoPassword: null,
      demoUsers: [],
    };

    for (const form of [...content.forms, ...content.checklists])
      contents.forms.push(await this.addForm(institutionId, form, source, actor));
    await save();
    for (const workflow of content.workflows)
      contents.workflows.push(await this.addWorkflow(institutionId, workflow, source, actor));
    await save();

    const defaults = await installDefaultIndicators(this.app.indicators, institutionId, actor);
    const own = await this.app.indicators.install(
      institutionId,
      content.indicators,
      content.indicatorSets,
      actor,
    );
    contents.indicators = [...defaults.indicators.created, ...own.indicators.created];
    contents.sets = [...defaults.sets.created, ...own.sets.created];
    for (const skipped of own.sets.skipped)
      report.skipped.push({
        what: `indicator set ${skipped.code}`,
        reason: skipped.problems[0]?.message ?? { en: 'invalid', zh: '无效' },
      });
    await save();

    for (const definition of content.grades) {
      const current = await this.app.grades.get(institutionId, definition.grade);
      await this.app.grades.set(institutionId, definition, current.rev, actor);
    }
    if (content.customers) {
      const current = await this.app.customers.settings(institutionId);
      await this.app.customers.saveSettings(
        institutionId,
        current.rev,
        {
          fileFormKey: content.customers.fileFormKey ?? null,
          visitFormKey: content.customers.visitFormKey ?? null,
          weeklyFormKey: content.customers.weeklyFormKey ?? null,
          kinds: content.customers.kinds,
          industryGroups: content.customers.industryGroups,
          rules: {
            windowDays: content.customers.rules.windowDays,
            frequentMinTransactions: content.customers.rules.frequent,
            occasionalMinTransactions: content.customers.rules.occasional,
            largeMinVolume: content.customers.rules.large,
            mediumMinVolume: content.customers.rules.medium,
          },
          timeZone: current.timeZone,
        },
        actor,
      );
    }

    if (opts.demo && content.demo) await this.seedDemo(institutionId, plugin, user, contents, report);
    await save();

    if (content.cycle) {
      const year = new Date().getUTCFullYear();
      const cycle = await this.app.cycles.create(
        institutionId,
        {
          ...content.cycle,
          code: `${content.cycle.code}-${year}`.slice(0, 40),
          population: content.cycle.population ?? { orgUnitIds: [], grades: [] },
          period: { from: `${year}-01-01`, to: `${year}-12-31` },
          phases: phasesIn(content.cycle.phases, year),
          committee: [user._id.toHexString()],
        },
        actor,
      );
      await this.setSource('appraisal_cycles', cycle._id, source);
      contents.cycles.push(cycle._id.toHexString());
    }
    const auditors = (await this.app.users.list(institutionId)).filter(
      (u) => u.role === 'auditor' && !u.disabled,
    );
    for (const template of content.auditPlans) {
      if (auditors.length === 0) {
        report.skipped.push({
          what: `audit plan ${template.code}`,
          reason: {
            en: 'the institution has no auditors yet; add one and create the plan from the template',
            zh: '本机构尚无稽核人员，添加后再依模板创建检查计划',
          },
        });
        continue;
      }
      const plan = await this.app.audits.plans.create(
        institutionId,
        { ...template, auditorIds: auditors.map((a) => a._id.toHexString()) },
        actor,
      );
      // Installed paused: the institution starts its spot checks when it is ready.
      await this.app.audits.plans.setStatus(institutionId, plan._id, plan.rev, 'paused', actor);
      await this.setSource('audit_plans', plan._id, source);
      contents.auditPlans.push(plan._id.toHexString());
    }
    await this.installs.updateOne(
      { _id: install._id },
      { $set: { contents, status: 'enabled', updatedAt: new Date() }, $inc: { rev: 1 } },
    );
    report.created = {
      forms: contents.forms.length,
      workflows: contents.workflows.length,
      indicators: contents.indicators.length,
      indicatorSets: contents.sets.length,
      grades: content.grades.length,
      cycles: contents.cycles.length,
      auditPlans: contents.auditPlans.length,
      orgUnits: contents.orgUnits.length,
      users: contents.users.length,
      customers: contents.customers.length,
    };
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

  /** The demo: org tree, named people, generated managers and customers with a year of monthly facts. */
  private async seedDemo(
    institutionId: ObjectId,
    plugin: LoadedPlugin,
    admin: UserDoc,
    contents: InstalledContents,
    report: InstallReport,
  ): Promise<void> {
    const seed = plugin.content.demo;
    if (!seed) return;
    const actor = actorOf(admin);
    const institution = await this.app.institutions.get(institutionId);
    const password = generatePassword();
    report.demoPassword = password;
    // One password for every demo sign-in: hashed once (scrypt is slow on purpose).
    const passwordHash = await hashPassword(password);
    const units = new Map<string, ObjectId>();
    for (const unit of seed.orgUnits) {
      const doc = await this.app.orgUnits.create(
        institutionId,
        {
          code: unit.code,
          name: unit.name,
          kind: unit.kind,
          parentId: unit.parent ? (units.get(unit.parent) ?? null) : null,
        },
        actor,
      );
      units.set(unit.code, doc._id);
      contents.orgUnits.push(doc._id.toHexString());
    }
    const domain = `${institution.code}.${plugin.manifest.id}.demo`;
    for (const person of seed.people) {
      const email = `${person.key}@${domain}`;
      const doc = await this.app.users.createWithHash(
        institutionId,
        {
          email,
          name: person.name,
          role: person.role,
          orgUnitId: person.unit ? (units.get(person.unit) ?? null) : null,
        },
        passwordHash,
        actor,
      );
      contents.users.push(doc._id.toHexString());
      report.demoUsers.push({ email, role: person.role });
    }
    const { managers, customers } = generateDemo(seed, plugin.manifest.id);
    const managerIds = new Map<string, ObjectId>();
    for (const m of managers) {
      const email = `${m.key}@${domain}`;
      const doc = await this.app.users.createWithHash(
        institutionId,
        { email, name: m.name, role: 'manager', orgUnitId: units.get(m.unit) ?? null },
        passwordHash,
        actor,
      );
      contents.users.push(doc._id.toHexString());
      managerIds.set(m.key, doc._id);
      await this.app.managers.create(
        institutionId,
        {
          userId: doc._id,
          grade: m.grade,
          teamRole: m.teamRole,
          supervisorId: null,
          industryGroups: [],
          certifications: [],
          reason: `${plugin.manifest.id} demo`,
        },
        actor,
      );
      if (report.demoUsers.filter((u) => u.role === 'manager').length < 3)
        report.demoUsers.push({ email, role: 'manager' });
    }
    const today = new Date();
    const facts: Document[] = [];
    const customerSince: { id: ObjectId; since: Date }[] = [];
    const created = await this.app.customers.createMany(
      institutionId,
      customers.map((c) => ({
        code: c.code,
        name: c.name,
        kind: c.kind,
        industryGroup: c.industryGroup,
        fileData: c.fileData,
        relationshipManagerId: managerIds.get(c.manager) as ObjectId,
        productSpecialistIds: [],
      })),
      admin,
      actor,
    );
    customers.forEach((c, index) => {
      const doc = created[index] as { _id: ObjectId };
      // A demo customer has been a customer since its first month of business, not since the install.
      const since = new Date(
        Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (c.months.length - 1), 1),
      );
      customerSince.push({ id: doc._id, since });
      contents.customers.push(doc._id.toHexString());
      c.months.forEach((month, i) => {
        const date = new Date(
          Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - (c.months.length - 1 - i), 1),
        );
        if (month.volume > 0)
          facts.push({
            _id: new ObjectId(),
            institutionId,
            customerId: doc._id,
            date,
            kind: 'volume',
            amount: month.volume,
            product: month.product,
            importId: null,
            recordedBy: actor,
            createdAt: today,
          });
        // Transactions are counted, one fact each, spread over the month.
        for (let n = 0; n < month.transactions; n++)
          facts.push({
            _id: new ObjectId(),
            institutionId,
            customerId: doc._id,
            date: new Date(date.getTime() + Math.floor((n * 28) / month.transactions) * 86_400_000),
            kind: 'transaction',
            amount: Math.round(month.volume / month.transactions),
            product: month.product,
            importId: null,
            recordedBy: actor,
            createdAt: today,
          });
      });
    });
    for (const { id, since } of customerSince)
      await this.db('customers').updateOne({ _id: id }, { $set: { createdAt: since } });
    // A year of facts for hundreds of customers goes in at once; then the classes are computed once.
    if (facts.length > 0) await this.db('customer_facts').insertMany(facts);
    await this.app.customerFacts.classify(institutionId);
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
   * Upgrades to the catalogue's version: content that changed comes in as new versions (forms and
   * workflows published again; nothing submitted is touched); the report names what the institution
   * had changed since install, which the new version now supersedes in the draft.
   */
  async upgrade(institutionId: ObjectId, pluginId: string, user: UserDoc) {
    const install = await this.installOf(institutionId, pluginId);
    if (!install || install.status === 'installing') throw new Errors.NOT_FOUND();
    const { plugin } = this.entry(pluginId);
    const { manifest, content } = plugin;
    if (!semver.gt(manifest.version, install.version)) throw new Errors.PLUGINS_UP_TO_DATE();
    const actor = actorOf(user);
    const source: Source = { plugin: manifest.id, version: manifest.version };
    const changedByInstitution: string[] = [];
    const updated: string[] = [];
    const added: string[] = [];
    const contents = install.contents;
    for (const form of [...content.forms, ...content.checklists]) {
      const known = contents.forms.find((f) => f.key === form.key);
      const current = known
        ? await this.app.forms.get(institutionId, new ObjectId(known.id)).catch(() => null)
        : null;
      if (!known || !current) {
        contents.forms.push(await this.addForm(institutionId, form, source, actor));
        added.push(form.key);
        continue;
      }
      if (known.hash === hashOf(form)) continue;
      if (current.draftHash !== known.draftHash) changedByInstitution.push(form.key);
      const { key: _key, ...changes } = form;
      const saved = await this.app.forms.update(institutionId, current._id, current.rev, changes, actor);
      const published = await this.app.forms.publish(institutionId, saved._id, saved.rev, actor);
      await this.setSource('forms', saved._id, source);
      Object.assign(known, { hash: hashOf(form), draftHash: published.draftHash });
      updated.push(form.key);
    }
    for (const workflow of content.workflows) {
      const known = contents.workflows.find((w) => w.key === workflow.key);
      const current = known
        ? await this.app.workflows.get(institutionId, new ObjectId(known.id)).catch(() => null)
        : null;
      if (!known || !current) {
        contents.workflows.push(await this.addWorkflow(institutionId, workflow, source, actor));
        added.push(workflow.key);
        continue;
      }
      if (known.hash === hashOf(workflow)) continue;
      if (current.rev !== known.rev) changedByInstitution.push(workflow.key);
      const saved = await this.app.workflows.update(institutionId, current._id, current.rev, workflow, actor);
      const published = await this.app.workflows.publish(institutionId, saved._id, saved.rev, actor);
      await this.setSource('workflows', saved._id, source);
      Object.assign(known, { hash: hashOf(workflow), rev: published.rev });
      updated.push(workflow.key);
    }
    const indicators = await this.app.indicators.install(
      institutionId,
      content.indicators,
      content.indicatorSets,
      actor,
    );
    contents.indicators.push(...indicators.indicators.created);
    contents.sets.push(...indicators.sets.created);
    await this.installs.updateOne(
      { _id: install._id },
      { $set: { version: manifest.version, contents, updatedAt: new Date() }, $inc: { rev: 1 } },
    );
    await this.app.events.note(
      institutionId,
      actor,
      'plugin.upgraded',
      'plugin_installs',
      install._id,
      `${pluginId} ${install.version} → ${manifest.version}`,
    );
    return {
      from: install.version,
      to: manifest.version,
      added,
      updated,
      changedByInstitution,
      keptIndicators: indicators.indicators.existing,
    };
  }

  /** What in the institution depends on a plugin's content: submissions, instances, launched cycles, audits. */
  async dependents(institutionId: ObjectId, install: InstallDoc) {
    const formIds = install.contents.forms.map((f) => new ObjectId(f.id));
    const workflowIds = install.contents.workflows.map((w) => new ObjectId(w.id));
    const cycleIds = install.contents.cycles.map((c) => new ObjectId(c));
    const planIds = install.contents.auditPlans.map((p) => new ObjectId(p));
    const [submissions, instances, launched, audits] = await Promise.all([
      this.db('submissions').countDocuments({ institutionId, formId: { $in: formIds } }),
      this.db('workflow_instances').countDocuments({ institutionId, workflowId: { $in: workflowIds } }),
      this.db('appraisal_cycles').countDocuments({
        institutionId,
        _id: { $in: cycleIds },
        status: { $ne: 'draft' },
      }),
      this.db('audits').countDocuments({ institutionId, planId: { $in: planIds } }),
    ]);
    return { submissions, instances, launchedCycles: launched, audits };
  }

  /**
   * Uninstalls: refused while data depends on the plugin's content, unless the admin confirms
   * archiving (its forms are archived and its plans paused, the data kept). Without dependents, what
   * the install created is removed and the settings it replaced restored.
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
    const c = install.contents;
    const ids = (list: string[]) => list.map((id) => new ObjectId(id));
    if (depends) {
      await this.db('forms').updateMany(
        { institutionId, _id: { $in: ids(c.forms.map((f) => f.id)) } },
        { $set: { status: 'archived' } },
      );
      for (const planId of c.auditPlans) {
        const plan = await this.app.audits.plans.get(institutionId, new ObjectId(planId)).catch(() => null);
        if (plan?.status === 'active')
          await this.app.audits.plans.setStatus(institutionId, plan._id, plan.rev, 'paused', actor);
      }
    } else {
      const formIds = ids(c.forms.map((f) => f.id));
      const workflowIds = ids(c.workflows.map((w) => w.id));
      await this.db('forms').deleteMany({ institutionId, _id: { $in: formIds } });
      await this.db('form_versions').deleteMany({ institutionId, formId: { $in: formIds } });
      await this.db('workflows').deleteMany({ institutionId, _id: { $in: workflowIds } });
      await this.db('workflow_versions').deleteMany({ institutionId, workflowId: { $in: workflowIds } });
      await this.db('indicators').deleteMany({ institutionId, code: { $in: c.indicators } });
      await this.db('indicator_sets').deleteMany({ institutionId, code: { $in: c.sets } });
      await this.db('appraisal_cycles').deleteMany({ institutionId, _id: { $in: ids(c.cycles) } });
      for (const planId of c.auditPlans) {
        const plan = await this.app.audits.plans.get(institutionId, new ObjectId(planId)).catch(() => null);
        if (plan) await this.app.audits.plans.remove(institutionId, plan._id, plan.rev, actor);
      }
      const customers = ids(c.customers);
      await this.db('customer_facts').deleteMany({ institutionId, customerId: { $in: customers } });
      await this.db('customers').deleteMany({ institutionId, _id: { $in: customers } });
      const users = ids(c.users);
      await this.db('managers').deleteMany({ institutionId, _id: { $in: users } });
      await this.db('sessions').deleteMany({ userId: { $in: users } });
      await this.db('notifications').deleteMany({ institutionId, userId: { $in: users } });
      await this.db('users').deleteMany({ institutionId, _id: { $in: users } });
      await this.db('org_units').deleteMany({ institutionId, _id: { $in: ids(c.orgUnits) } });
      await this.db('grade_definitions').deleteMany({ institutionId });
      if (c.previous.grades.length > 0) await this.db('grade_definitions').insertMany(c.previous.grades);
      await this.db('customer_settings').deleteMany({ institutionId });
      if (c.previous.customerSettings)
        await this.db('customer_settings').insertOne(c.previous.customerSettings);
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

  /** The API a plugin's server code gets. */
  apiFor(pluginId: string): PluginApi {
    const app = this.app;
    const service = this;
    const jobQueue = `plugin-${pluginId}`;
    return {
      pluginId,
      institutionOf(request) {
        const user = userOf(request);
        if (!user.institutionId) throw new Errors.NOT_FOUND();
        return {
          institutionId: user.institutionId.toHexString(),
          userId: user._id.toHexString(),
          role: user.role,
        };
      },
      provideIndicatorData(source) {
        app.cycles.provideBusinessData({
          dataOf: async (institutionId, managerId, period) => {
            if (!(await service.enabled(institutionId)).has(pluginId)) return {};
            const data = await source({
              institutionId: institutionId.toHexString(),
              managerId: managerId.toHexString(),
              ...period,
            });
            return { [pluginId]: data };
          },
        });
      },
      onSubmission(hook) {
        app.submissions.onSubmitted(async (submission) => {
          if (!(await service.enabled(submission.institutionId)).has(pluginId)) return;
          await hook({
            institutionId: submission.institutionId.toHexString(),
            submissionId: submission._id.toHexString(),
            formKey: submission.formKey,
          });
        });
      },
      handleJob(name, handler) {
        app.jobs.handle(jobQueue, name, (job) => handler(job.data as Record<string, unknown>));
      },
      async enqueue(name, data, opts = {}) {
        await app.jobs.queue(jobQueue).add(name, data, {
          ...(opts.delayMs ? { delay: opts.delayMs } : {}),
          ...(opts.jobId ? { jobId: opts.jobId } : {}),
        });
      },
    };
  }
}

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

export default fp(
  async (app, opts: { pluginsDir: string | null; coreVersion: string }) => {
    const service = new PluginsService(
      app,
      app.mongo.db.collection<InstallDoc>('plugin_installs'),
      opts.coreVersion,
    );
    await service.ensureIndexes();
    if (opts.pluginsDir) await service.load(opts.pluginsDir);
    app.decorate('plugins', service);
    app.forms.hideSources((institutionId) => service.disabled(institutionId));
  },
  {
    name: 'plugins-service',
    dependencies: [
      'mongo',
      'forms-service',
      'workflows-service',
      'indicators-service',
      'grades-service',
      'customers-service',
      'cycles-service',
      'audits-service',
      'org-units-service',
      'managers-service',
      'users-service',
      'submissions-service',
      'events-service',
      'queues',
    ],
  },
);
