import { allKeys, cloneDraft, containerAt, placeProperty } from './draft-access';
import { type FieldType, fieldTemplate, KEY_PREFIX } from './field-types';
import type { FieldPath, FormDraft } from './form-draft';

/** The first `<prefix><n>` not used anywhere in the schema. */
export function newFieldKey(draft: FormDraft, type: FieldType): string {
  const used = allKeys(draft.schema);
  let n = 1;
  while (used.has(`${KEY_PREFIX[type]}${n}`)) n += 1;
  return `${KEY_PREFIX[type]}${n}`;
}

/**
 * Adds a new field of `type` to the container at `parent` ([] = the form) at `index` (default: last).
 * Returns the new draft and the new field's path.
 */
export function addField(
  draft: FormDraft,
  type: FieldType,
  parent: FieldPath,
  options: { index?: number; title: string; key?: string },
): { draft: FormDraft; path: FieldPath } {
  const next = cloneDraft(draft);
  const key = options.key ?? newFieldKey(draft, type);
  const container = containerAt(next, parent);
  const { node, ui } = fieldTemplate(type, options.title);
  if (ui) container.ensureUi()[key] = ui;
  placeProperty(container, key, node, options.index ?? Number.POSITIVE_INFINITY);
  return { draft: next, path: [...parent, key] };
}
