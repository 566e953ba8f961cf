import type { SchemaNode } from '@rapport/schemas';
import { BuilderError, type FieldPath, type FormDraft } from './form-draft';

export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The node that holds the children of a field: a section's own node, or a repeating group's `items`.
 * Undefined for fields that cannot hold others.
 */
export function propsHolder(node: unknown): SchemaNode | undefined {
  if (!isObj(node)) return undefined;
  if (isObj(node.properties) || node.type === 'object') return node as SchemaNode;
  if (
    node.type === 'array' &&
    isObj(node.items) &&
    (isObj(node.items.properties) || node.items.type === 'object')
  )
    return node.items as SchemaNode;
  return undefined;
}

/** A container as the operations see it: where its children's schemas, `required` and uiSchemas live. */
export interface Container {
  holder: SchemaNode;
  /** The uiSchema object the children's uiSchemas sit in (created on write only). */
  ui: Obj | undefined;
  /** Creates the uiSchema object when a child needs one. */
  ensureUi: () => Obj;
}

function childUi(parent: Obj | undefined, key: string): Obj | undefined {
  const value = parent?.[key];
  return isObj(value) ? value : undefined;
}

function ensureChildUi(parent: Obj, key: string): Obj {
  const value = parent[key];
  if (isObj(value)) return value;
  const created: Obj = {};
  parent[key] = created;
  return created;
}

/** The container at `path` ([] is the form itself) in a draft the caller may mutate. */
export function containerAt(draft: FormDraft, path: FieldPath): Container {
  let node: unknown = draft.schema;
  let ui: Obj | undefined = draft.uiSchema;
  let ensure: () => Obj = () => draft.uiSchema;
  for (const name of path) {
    const holder = propsHolder(node);
    if (!holder) throw new BuilderError('notContainer');
    const viaItems = holder !== node;
    const parentEnsure = ensure;
    const holderUi = viaItems ? childUi(ui, 'items') : ui;
    const holderEnsure = viaItems ? () => ensureChildUi(parentEnsure(), 'items') : parentEnsure;
    node = isObj(holder.properties) ? holder.properties[name] : undefined;
    if (node === undefined) throw new BuilderError('notFound');
    ui = childUi(holderUi, name);
    ensure = () => ensureChildUi(holderEnsure(), name);
  }
  const holder = propsHolder(node);
  if (!holder) throw new BuilderError('notContainer');
  const viaItems = holder !== node;
  const ownEnsure = ensure;
  return {
    holder,
    ui: viaItems ? childUi(ui, 'items') : ui,
    ensureUi: viaItems ? () => ensureChildUi(ownEnsure(), 'items') : ownEnsure,
  };
}

export function parentOf(path: FieldPath): { parent: FieldPath; key: string } {
  if (path.length === 0) throw new BuilderError('notFound');
  return { parent: path.slice(0, -1), key: path[path.length - 1] as string };
}

/** The schema node and uiSchema of the field at `path`. */
export function fieldAt(draft: FormDraft, path: FieldPath): { node: unknown; ui: Obj | undefined } {
  const { parent, key } = parentOf(path);
  const container = containerAt(draft, parent);
  const props = container.holder.properties;
  if (!isObj(props) || !Object.hasOwn(props, key)) throw new BuilderError('notFound');
  return { node: props[key], ui: childUi(container.ui, key) };
}

/** The order rjsf shows `names` in: an explicit `ui:order` (with `*` standing for the rest) or as declared. */
export function displayOrder(names: string[], uiOrder: unknown): string[] {
  if (!Array.isArray(uiOrder)) return names;
  const listed = uiOrder.filter((n): n is string => typeof n === 'string' && n !== '*' && names.includes(n));
  const rest = names.filter((n) => !listed.includes(n));
  const star = uiOrder.indexOf('*');
  if (star < 0) return [...listed, ...rest];
  const before = uiOrder.slice(0, star).filter((n) => listed.includes(n as string)) as string[];
  const after = uiOrder.slice(star + 1).filter((n) => listed.includes(n as string)) as string[];
  return [...before, ...rest, ...after];
}

/**
 * Puts `key` → `value` into the container so that it shows at `index` (in display order, counted
 * without `key`). Both the property order and an explicit `ui:order` are kept in step; a `*` in
 * `ui:order` keeps covering the fields it covered.
 */
export function placeProperty(container: Container, key: string, value: unknown, index: number): void {
  const holder = container.holder;
  const entries = Object.entries(holder.properties ?? {}).filter(([name]) => name !== key);
  const names = entries.map(([name]) => name);
  const uiOrder = container.ui?.['ui:order'];
  const display = displayOrder(names, uiOrder);
  const follower = display[Math.max(0, Math.min(index, display.length))];
  const at = follower === undefined ? entries.length : names.indexOf(follower);
  entries.splice(at, 0, [key, value as SchemaNode]);
  holder.properties = Object.fromEntries(entries);
  if (!Array.isArray(uiOrder)) return;
  const order = uiOrder.filter((name) => name !== key);
  const star = order.indexOf('*');
  if (follower !== undefined && order.includes(follower)) order.splice(order.indexOf(follower), 0, key);
  else if (follower === undefined && star !== order.length - 1) order.push(key);
  else if (star < 0) order.push(key);
  (container.ui as Obj)['ui:order'] = order;
}

export function dropFromUiOrder(container: Container, key: string): void {
  const order = container.ui?.['ui:order'];
  if (Array.isArray(order)) (container.ui as Obj)['ui:order'] = order.filter((name) => name !== key);
}

export function setRequired(holder: SchemaNode, key: string, required: boolean): void {
  const list = (holder.required ?? []).filter((name) => name !== key);
  if (required) list.push(key);
  if (list.length > 0) holder.required = list;
  else delete holder.required;
}

/** Every property name used anywhere in the schema, so new keys (and their test ids) stay unique. */
export function allKeys(node: unknown, into = new Set<string>()): Set<string> {
  if (!isObj(node)) return into;
  if (isObj(node.properties)) {
    for (const [name, child] of Object.entries(node.properties)) {
      into.add(name);
      allKeys(child, into);
    }
  }
  if (isObj(node.items)) allKeys(node.items, into);
  return into;
}

export function cloneDraft(draft: FormDraft): FormDraft {
  return structuredClone(draft);
}
