import { displayOrder, isObj, type Obj, propsHolder } from './draft-access';
import { advancedKeywordsOf, detectFieldType, type NodeKind } from './field-types';
import type { FieldPath, FormDraft } from './form-draft';

/** One field as the canvas shows it; derived from the draft, never stored. */
export interface TreeField {
  key: string;
  path: FieldPath;
  kind: NodeKind;
  title: string | undefined;
  required: boolean;
  /** Sections and repeating groups (when not advanced) accept dropped fields. */
  children: TreeField[] | undefined;
  /** For advanced nodes: the keywords the palette cannot edit. */
  advanced: string[];
}

/** Keywords on the form itself the builder leaves alone, besides its fields. */
const ROOT_PLAIN = new Set([
  '$schema',
  '$id',
  'type',
  'title',
  'description',
  'properties',
  'required',
  'definitions',
  'additionalProperties',
  'x-rapport-score',
]);

function childrenOf(node: unknown, ui: Obj | undefined, path: FieldPath): TreeField[] {
  const holder = propsHolder(node);
  if (!holder || !isObj(holder.properties)) return [];
  const holderUi = holder === node ? ui : isObj(ui?.items) ? ui.items : undefined;
  const required = new Set(holder.required ?? []);
  const properties = holder.properties;
  const order = displayOrder(Object.keys(properties), holderUi?.['ui:order']);
  return order.map((key) => {
    const child = properties[key];
    const childUi = isObj(holderUi?.[key]) ? (holderUi[key] as Obj) : undefined;
    const kind = detectFieldType(child, childUi);
    const childPath = [...path, key];
    const isContainer = kind === 'section' || kind === 'repeating-group';
    return {
      key,
      path: childPath,
      kind,
      title: isObj(child) && typeof child.title === 'string' ? child.title : undefined,
      required: required.has(key),
      children: isContainer ? childrenOf(child, childUi, childPath) : undefined,
      advanced: kind === 'advanced' ? advancedKeywordsOf(child) : [],
    };
  });
}

/** The canvas tree of a draft, in property order. */
export function deriveTree(draft: FormDraft): TreeField[] {
  return childrenOf(draft.schema, draft.uiSchema, []);
}

/** Keywords on the form's root the canvas cannot show as fields (allOf, if/then/else…), kept as they are. */
export function rootAdvancedKeywords(draft: FormDraft): string[] {
  return Object.keys(draft.schema).filter((k) => !ROOT_PLAIN.has(k));
}

/** The field at `path` in a derived tree. */
export function findTreeField(tree: TreeField[], path: FieldPath): TreeField | undefined {
  let level: TreeField[] | undefined = tree;
  let found: TreeField | undefined;
  for (const key of path) {
    found = level?.find((f) => f.key === key);
    level = found?.children;
  }
  return found;
}
