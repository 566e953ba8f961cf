import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  auditPlanSchema,
  checkCycle,
  checkIndicator,
  checkIndicatorSet,
  checkSelectionWeights,
  checkWorkflow,
  cycleSchema,
  type FormContent,
  formDefinitionSchema,
  type IndicatorContent,
  type IndicatorSetContent,
  indicatorSchema,
  indicatorSetSchema,
  type Message,
  type PluginContent,
  type PluginManifest,
  pluginManifestSchema,
  pluginSelectionDesignSchema,
  type SchemaNode,
  type WorkflowContent,
  withSelectionDefaults,
  workflowDefinitionSchema,
} from '@rapport/schemas';
import { DEFAULT_INDICATORS } from '../appraisal/indicators/defaults.js';
import { scheduleProblems } from '../audits/plans.js';
import { checkFormSchema } from '../forms/schema-guard.js';
import { validateAgainst } from '../infra/validation.js';

/** One thing wrong with a plugin: which file, where in it, in both languages. */
export interface PluginProblem {
  file: string;
  path: string;
  message: Message;
}

/** A plugin read from its folder: manifest and content. */
export interface LoadedPlugin {
  dir: string;
  manifest: PluginManifest;
  content: PluginContent;
}

const EMPTY: PluginContent = {
  forms: [],
  workflows: [],
  indicators: [],
  indicatorSets: [],
  checklists: [],
  auditPlans: [],
  customers: null,
  grades: [],
  cycle: null,
  demo: null,
  selection: null,
};

/**
 * Reads a plugin folder: the manifest, checked against its schema, and every file it names. Files
 * that are missing or not JSON are reported, with the others still read, so every problem shows at once.
 */
export async function readPlugin(
  dir: string,
): Promise<{ plugin: LoadedPlugin | null; problems: PluginProblem[] }> {
  const problems: PluginProblem[] = [];
  const read = async (file: string): Promise<unknown> => {
    const full = path.resolve(dir, file);
    if (!full.startsWith(path.resolve(dir) + path.sep)) {
      problems.push({
        file,
        path: '/',
        message: { en: 'the file lies outside the plugin', zh: '文件不在插件目录内' },
      });
      return undefined;
    }
    try {
      return JSON.parse(await readFile(full, 'utf8'));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      problems.push({
        file,
        path: '/',
        message: { en: `cannot be read as JSON: ${why}`, zh: `无法读取为 JSON：${why}` },
      });
      return undefined;
    }
  };
  const raw = await read('manifest.json');
  if (raw === undefined) return { plugin: null, problems };
  const manifestProblems = validateAgainst(pluginManifestSchema, raw);
  if (manifestProblems.length > 0) {
    problems.push(
      ...manifestProblems.map((p) => ({ file: 'manifest.json', path: p.path, message: p.message })),
    );
    return { plugin: null, problems };
  }
  const manifest = raw as PluginManifest;
  const c = manifest.contributes;
  const many = async <T>(list: string[] | undefined) =>
    (await Promise.all((list ?? []).map(read))).filter((x) => x !== undefined) as T[];
  const one = async <T>(file: string | undefined) =>
    file ? (((await read(file)) as T | undefined) ?? null) : null;
  const indicators = await one<{ indicators?: IndicatorContent[]; sets?: IndicatorSetContent[] }>(
    c.indicators,
  );
  const content: PluginContent = {
    ...EMPTY,
    forms: await many<FormContent>(c.forms),
    workflows: await many<WorkflowContent>(c.workflows),
    indicators: indicators?.indicators ?? [],
    indicatorSets: indicators?.sets ?? [],
    checklists: await many<FormContent>(c.checklists),
    auditPlans: (await one<PluginContent['auditPlans']>(c.auditPlans)) ?? [],
    customers: await one<PluginContent['customers']>(c.customers),
    grades: (await one<PluginContent['grades']>(c.grades)) ?? [],
    cycle: await one<PluginContent['cycle']>(c.cycle),
    demo: await one<PluginContent['demo']>(c.demo),
    selection: await one<PluginContent['selection']>(c.selection),
  };
  return { plugin: { dir, manifest, content }, problems };
}

/** Every plugin folder under `root` (each with a manifest.json), by folder name. */
export async function pluginDirs(root: string): Promise<string[]> {
  const entries = await readdir(root).catch(() => [] as string[]);
  const dirs: string[] = [];
  for (const name of entries.sort()) {
    const dir = path.join(root, name);
    if ((await stat(path.join(dir, 'manifest.json')).catch(() => null))?.isFile()) dirs.push(dir);
  }
  return dirs;
}

const PLACEHOLDER_ID = '000000000000000000000000';

/**
 * Every problem of a plugin's content, checked as install would: forms and checklists compile,
 * workflows name existing forms and roles, indicators and sets are whole (weights total 100), audit
 * plans and the cycle template are valid, the demo seed fits the org tree, customer kinds and forms.
 * `formKeys` are the institution's own forms the plugin may also use.
 */
export function checkPlugin(
  plugin: LoadedPlugin,
  formKeys: ReadonlySet<string> = new Set(),
): PluginProblem[] {
  const problems: PluginProblem[] = [];
  const { content, manifest } = plugin;
  const add = (file: string, at: string, message: Message) => problems.push({ file, path: at, message });
  const addAll = (file: string, list: { path: string; message: Message }[]) => {
    for (const p of list) add(file, p.path, p.message);
  };
  const c = manifest.contributes;

  const allForms = [...content.forms, ...content.checklists];
  const keys = new Set([...formKeys, ...allForms.map((f) => f.key)]);
  allForms.forEach((form, i) => {
    const file =
      i < content.forms.length
        ? (c.forms?.[i] ?? 'forms')
        : (c.checklists?.[i - content.forms.length] ?? 'checklists');
    const shape = validateAgainst(formDefinitionSchema, form);
    addAll(file, shape);
    if (shape.length === 0) addAll(file, checkFormSchema(form.schema, form.uiSchema));
  });
  if (new Set(allForms.map((f) => f.key)).size !== allForms.length)
    add('manifest.json', '/contributes/forms', {
      en: 'two forms share a key',
      zh: '有两个表单使用了同一个键',
    });

  content.workflows.forEach((workflow, i) => {
    const file = c.workflows?.[i] ?? 'workflows';
    const shape = validateAgainst(workflowDefinitionSchema, workflow);
    addAll(file, shape);
    if (shape.length === 0) addAll(file, checkWorkflow(workflow, keys));
  });

  const indicatorsFile = c.indicators ?? 'indicators';
  content.indicators.forEach((indicator, i) => {
    const shape = validateAgainst(indicatorSchema, indicator);
    addAll(
      indicatorsFile,
      shape.map((p) => ({ ...p, path: `/indicators/${i}${p.path}` })),
    );
    if (shape.length === 0)
      addAll(
        indicatorsFile,
        checkIndicator(indicator).map((p) => ({ ...p, path: `/indicators/${i}${p.path}` })),
      );
  });
  // Sets may use the platform's default library as well as the plugin's own indicators.
  const library = new Map([...DEFAULT_INDICATORS, ...content.indicators].map((d) => [d.code, d]));
  content.indicatorSets.forEach((set, i) => {
    const shape = validateAgainst(indicatorSetSchema, set);
    addAll(
      indicatorsFile,
      shape.map((p) => ({ ...p, path: `/sets/${i}${p.path}` })),
    );
    if (shape.length === 0)
      addAll(
        indicatorsFile,
        checkIndicatorSet(set, library).map((p) => ({ ...p, path: `/sets/${i}${p.path}` })),
      );
  });
  const setCodes = new Set(content.indicatorSets.map((s) => s.code));

  content.auditPlans.forEach((template, i) => {
    const file = c.auditPlans ?? 'audit plans';
    const plan = { ...template, auditorIds: [PLACEHOLDER_ID] };
    const shape = validateAgainst(auditPlanSchema, plan);
    addAll(
      file,
      shape.map((p) => ({ ...p, path: `/${i}${p.path}` })),
    );
    if (shape.length === 0)
      addAll(
        file,
        scheduleProblems(plan).map((p) => ({ ...p, path: `/${i}${p.path}` })),
      );
    if (!keys.has(template.checklistFormKey))
      add(file, `/${i}/checklistFormKey`, {
        en: `no form "${template.checklistFormKey}" in the plugin`,
        zh: `插件中没有表单 "${template.checklistFormKey}"`,
      });
  });

  if (content.cycle) {
    const file = c.cycle ?? 'cycle';
    const year = new Date().getUTCFullYear();
    const cycle = {
      ...content.cycle,
      population: content.cycle.population ?? { orgUnitIds: [], grades: [] },
      period: { from: `${year}-01-01`, to: `${year}-12-31` },
      committee: [PLACEHOLDER_ID],
    };
    const shape = validateAgainst(cycleSchema, cycle);
    addAll(file, shape);
    if (shape.length === 0) addAll(file, checkCycle(cycle));
    for (const [grade, code] of Object.entries(content.cycle.indicatorSets))
      if (code && !setCodes.has(code) && !code.startsWith('default-'))
        add(file, `/indicatorSets/${grade}`, {
          en: `no indicator set "${code}"`,
          zh: `没有指标体系 "${code}"`,
        });
  }

  const customers = content.customers;
  if (customers) {
    const file = c.customers ?? 'customers';
    for (const field of ['fileFormKey', 'visitFormKey', 'weeklyFormKey'] as const) {
      const key = customers[field];
      if (key && !keys.has(key))
        add(file, `/${field}`, { en: `no form "${key}" in the plugin`, zh: `插件中没有表单 "${key}"` });
    }
  }

  if (content.selection) {
    const file = c.selection ?? 'selection';
    const shape = validateAgainst(pluginSelectionDesignSchema, content.selection);
    addAll(file, shape);
    if (shape.length === 0)
      addAll(
        file,
        checkSelectionWeights(withSelectionDefaults(content.selection.drive).weights, '/drive/weights'),
      );
  }

  const demo = content.demo;
  if (demo) {
    const file = c.demo ?? 'demo';
    const units = new Set<string>();
    demo.orgUnits.forEach((unit, i) => {
      if (unit.parent !== null && !units.has(unit.parent))
        add(file, `/orgUnits/${i}/parent`, {
          en: `parent "${unit.parent}" is not listed before this unit`,
          zh: `上级机构 "${unit.parent}" 须列在本机构之前`,
        });
      units.add(unit.code);
    });
    for (const [i, person] of demo.people.entries())
      if (person.unit !== null && !units.has(person.unit))
        add(file, `/people/${i}/unit`, {
          en: `no org unit "${person.unit}"`,
          zh: `没有机构 "${person.unit}"`,
        });
    for (const code of Object.keys(demo.managers.perUnit))
      if (!units.has(code))
        add(file, `/managers/perUnit/${code}`, { en: `no org unit "${code}"`, zh: `没有机构 "${code}"` });
    const kinds = new Set(customers?.kinds.map((k) => k.key) ?? []);
    const fileForm = allForms.find((f) => f.key === customers?.fileFormKey);
    demo.customers.kinds.forEach((kind, i) => {
      if (!kinds.has(kind.kind))
        add(file, `/customers/kinds/${i}/kind`, {
          en: `no customer kind "${kind.kind}" in the plugin's customer settings`,
          zh: `插件的客户设置中没有客户类型 "${kind.kind}"`,
        });
      const data = demo.customers.fileData?.[kind.kind];
      if (fileForm && data)
        addAll(
          file,
          validateAgainst(fileForm.schema as SchemaNode, data, 'data').map((p) => ({
            ...p,
            path: `/customers/fileData/${kind.kind}${p.path}`,
          })),
        );
    });
  }
  return problems;
}
