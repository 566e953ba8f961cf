import { cloneDraft, containerAt, dropFromUiOrder, isObj, parentOf, setRequired } from './draft-access';
import { BuilderError, type FieldPath, type FormDraft } from './form-draft';

/** Takes the field at `path` (schema, uiSchema, required flag, place in ui:order) out of the draft. */
export function removeField(draft: FormDraft, path: FieldPath): FormDraft {
  const next = cloneDraft(draft);
  const { parent, key } = parentOf(path);
  const container = containerAt(next, parent);
  const props = container.holder.properties;
  if (!isObj(props) || !Object.hasOwn(props, key)) throw new BuilderError('notFound');
  delete props[key];
  setRequired(container.holder, key, false);
  if (container.ui) delete container.ui[key];
  dropFromUiOrder(container, key);
  return next;
}
