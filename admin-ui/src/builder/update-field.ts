import { cloneDraft, containerAt, isObj, type Obj, parentOf, setRequired } from './draft-access';
import { BuilderError, type FieldPath, type FormDraft } from './form-draft';

/** A change from the property panel. In every map, `undefined` removes the keyword. */
export interface FieldPatch {
  /** Keywords of the field's schema. */
  schema?: Record<string, unknown>;
  /** Keywords of the field's `items` schema (a multiple choice's options). */
  items?: Record<string, unknown>;
  /** Keys of the field's uiSchema. */
  ui?: Record<string, unknown>;
  /** Keys of the field's uiSchema `items` (a multiple choice's option labels). */
  itemsUi?: Record<string, unknown>;
  /** Keys of the field's `ui:options` (English label, visibility condition…). */
  uiOptions?: Record<string, unknown>;
  required?: boolean;
}

function apply(target: Obj, changes: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete target[k];
    else target[k] = v;
  }
}

function hasDefined(changes: Record<string, unknown> | undefined): boolean {
  return changes !== undefined && Object.values(changes).some((v) => v !== undefined);
}

/** Applies `patch` to the field at `path`; keywords it does not name are left exactly as they were. */
export function updateField(draft: FormDraft, path: FieldPath, patch: FieldPatch): FormDraft {
  const next = cloneDraft(draft);
  const { parent, key } = parentOf(path);
  const container = containerAt(next, parent);
  const props = container.holder.properties;
  const node = isObj(props) ? props[key] : undefined;
  if (!isObj(node)) throw new BuilderError('notFound');
  if (patch.schema) apply(node, patch.schema);
  if (patch.items) {
    if (!isObj(node.items)) node.items = {};
    apply(node.items as Obj, patch.items);
  }
  if (patch.required !== undefined) setRequired(container.holder, key, patch.required);

  const needsUi = hasDefined(patch.ui) || hasDefined(patch.itemsUi) || hasDefined(patch.uiOptions);
  const existing = container.ui?.[key];
  let ui: Obj | undefined = isObj(existing) ? existing : undefined;
  if (!ui && needsUi) {
    ui = {};
    container.ensureUi()[key] = ui;
  }
  if (!ui) return next;
  if (patch.ui) apply(ui, patch.ui);
  if (patch.itemsUi) {
    if (!isObj(ui.items)) ui.items = {};
    apply(ui.items as Obj, patch.itemsUi);
    if (Object.keys(ui.items as Obj).length === 0) delete ui.items;
  }
  if (patch.uiOptions) {
    if (!isObj(ui['ui:options'])) ui['ui:options'] = {};
    apply(ui['ui:options'] as Obj, patch.uiOptions);
    if (Object.keys(ui['ui:options'] as Obj).length === 0) delete ui['ui:options'];
  }
  if (Object.keys(ui).length === 0 && container.ui) delete container.ui[key];
  return next;
}
