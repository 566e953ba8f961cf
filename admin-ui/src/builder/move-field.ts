import {
  cloneDraft,
  containerAt,
  dropFromUiOrder,
  isObj,
  type Obj,
  parentOf,
  placeProperty,
  setRequired,
} from './draft-access';
import { BuilderError, type FieldPath, type FormDraft } from './form-draft';

function samePath(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/**
 * Moves the field at `from` into the container `to` ([] = the form) so that it ends up at `index`
 * among that container's fields. Its schema, uiSchema and required flag travel with it.
 */
export function moveField(draft: FormDraft, from: FieldPath, to: FieldPath, index: number): FormDraft {
  const { parent, key } = parentOf(from);
  if (to.length >= from.length && samePath(to.slice(0, from.length), from))
    throw new BuilderError('intoItself');
  const next = cloneDraft(draft);
  const source = containerAt(next, parent);
  const props = source.holder.properties;
  if (!isObj(props) || !Object.hasOwn(props, key)) throw new BuilderError('notFound');
  const node = props[key];
  const wasRequired = (source.holder.required ?? []).includes(key);
  const ui = source.ui?.[key] as Obj | undefined;

  if (samePath(parent, to)) {
    // `required` keeps its own order; only the display order changes.
    placeProperty(source, key, node, index);
    return next;
  }

  const target = containerAt(next, to);
  if (isObj(target.holder.properties) && Object.hasOwn(target.holder.properties, key))
    throw new BuilderError('keyTaken');
  delete props[key];
  setRequired(source.holder, key, false);
  if (source.ui) delete source.ui[key];
  dropFromUiOrder(source, key);

  if (wasRequired) setRequired(target.holder, key, true);
  if (ui !== undefined) target.ensureUi()[key] = ui;
  placeProperty(target, key, node, index);
  return next;
}
