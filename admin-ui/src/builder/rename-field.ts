import { cloneDraft, containerAt, isObj, parentOf } from './draft-access';
import { BuilderError, type FieldPath, type FormDraft } from './form-draft';

/** Field keys the builder accepts: safe in JSON pointers, JSONata and CSV headers. */
export const FIELD_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

function renameKey<T>(record: Record<string, T>, from: string, to: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k === from ? to : k, v]));
}

/** Changes a field's key in place: same position, same required flag, same uiSchema and ui:order slot. */
export function renameField(
  draft: FormDraft,
  path: FieldPath,
  newKey: string,
): { draft: FormDraft; path: FieldPath } {
  const { parent, key } = parentOf(path);
  if (newKey === key) return { draft, path };
  if (!FIELD_KEY_PATTERN.test(newKey)) throw new BuilderError('keyInvalid');
  const next = cloneDraft(draft);
  const container = containerAt(next, parent);
  const props = container.holder.properties;
  if (!isObj(props) || !Object.hasOwn(props, key)) throw new BuilderError('notFound');
  if (Object.hasOwn(props, newKey)) throw new BuilderError('keyTaken');
  container.holder.properties = renameKey(props, key, newKey);
  if (container.holder.required)
    container.holder.required = container.holder.required.map((k) => (k === key ? newKey : k));
  if (container.ui) {
    const renamed = renameKey(container.ui, key, newKey);
    for (const k of Object.keys(container.ui)) delete container.ui[k];
    Object.assign(container.ui, renamed);
    const order = container.ui['ui:order'];
    if (Array.isArray(order)) container.ui['ui:order'] = order.map((k) => (k === key ? newKey : k));
  }
  return { draft: next, path: [...parent, newKey] };
}
