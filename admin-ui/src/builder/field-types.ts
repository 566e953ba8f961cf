import { KEYWORDS, type SchemaNode } from '@rapport/schemas';
import { isObj, type Obj } from './draft-access';

/** What the palette offers; each is a plain JSON Schema + uiSchema pattern, recognised again on load. */
export const FIELD_TYPES = [
  'text',
  'long-text',
  'number',
  'integer',
  'score',
  'single-select',
  'radio',
  'multi-select',
  'yes-no',
  'date',
  'date-time',
  'email',
  'phone',
  'section',
  'repeating-group',
  'computed',
  'static-text',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A node the palette cannot edit: shown read-only, kept byte for byte, edited in the JSON tab. */
export type NodeKind = FieldType | 'advanced';

/** Mainland mobile or landline numbers, optionally with a country code. */
export const PHONE_PATTERN = '^\\+?[0-9][0-9 -]{5,19}$';

/** Keywords that make a node something the property panel cannot faithfully edit. */
export const ADVANCED_KEYWORDS = [
  '$ref',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'if',
  'then',
  'else',
  'dependencies',
  'patternProperties',
  'additionalItems',
  'contains',
  'propertyNames',
  'const',
] as const;

/** Keywords the builder reads and writes; anything else on a node is carried along untouched. */
export const EDITED_KEYWORDS = new Set<string>([
  'type',
  'title',
  'description',
  'default',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'readOnly',
  'items',
  'properties',
  'required',
  'uniqueItems',
  'minItems',
  'maxItems',
  KEYWORDS.weight,
  KEYWORDS.indicator,
  KEYWORDS.computed,
]);

/** The key prefix of new fields of each type: `text1`, `section2`… */
export const KEY_PREFIX: Record<FieldType, string> = {
  text: 'text',
  'long-text': 'longText',
  number: 'number',
  integer: 'integer',
  score: 'score',
  'single-select': 'select',
  radio: 'radio',
  'multi-select': 'multi',
  'yes-no': 'yesNo',
  date: 'date',
  'date-time': 'dateTime',
  email: 'email',
  phone: 'phone',
  section: 'section',
  'repeating-group': 'group',
  computed: 'computed',
  'static-text': 'note',
};

/** The schema and uiSchema a new field of `type` starts with; `title` is its Chinese label. */
export function fieldTemplate(type: FieldType, title: string): { node: SchemaNode; ui?: Obj } {
  switch (type) {
    case 'text':
      return { node: { type: 'string', title } };
    case 'long-text':
      return { node: { type: 'string', title }, ui: { 'ui:widget': 'textarea' } };
    case 'number':
      return { node: { type: 'number', title } };
    case 'integer':
      return { node: { type: 'integer', title } };
    case 'score':
      return { node: { type: 'integer', title, minimum: 0, maximum: 10, [KEYWORDS.weight]: 1 } };
    case 'single-select':
      return { node: { type: 'string', title, enum: ['a', 'b'] }, ui: { 'ui:enumNames': ['A', 'B'] } };
    case 'radio':
      return {
        node: { type: 'string', title, enum: ['a', 'b'] },
        ui: { 'ui:widget': 'radio', 'ui:enumNames': ['A', 'B'] },
      };
    case 'multi-select':
      return {
        node: { type: 'array', title, items: { type: 'string', enum: ['a', 'b'] }, uniqueItems: true },
        ui: { 'ui:widget': 'checkboxes', items: { 'ui:enumNames': ['A', 'B'] } },
      };
    case 'yes-no':
      return { node: { type: 'boolean', title } };
    case 'date':
      return { node: { type: 'string', title, format: 'date' } };
    case 'date-time':
      return { node: { type: 'string', title, format: 'date-time' } };
    case 'email':
      return { node: { type: 'string', title, format: 'email' } };
    case 'phone':
      return {
        node: { type: 'string', title, pattern: PHONE_PATTERN },
        ui: { 'ui:options': { inputType: 'tel' } },
      };
    case 'section':
      return { node: { type: 'object', title, properties: {} } };
    case 'repeating-group':
      return { node: { type: 'array', title, items: { type: 'object', properties: {} } } };
    case 'computed':
      return { node: { type: 'number', title, readOnly: true, [KEYWORDS.computed]: '0' } };
    case 'static-text':
      return { node: { type: 'null', title, description: '' } };
  }
}

function uiOptions(ui: Obj | undefined): Obj {
  const options = ui?.['ui:options'];
  return isObj(options) ? options : {};
}

/** The advanced keywords a node carries (why it is read-only on the canvas). */
export function advancedKeywordsOf(node: unknown): string[] {
  if (!isObj(node)) return ['boolean schema'];
  const found: string[] = ADVANCED_KEYWORDS.filter((k) => Object.hasOwn(node, k));
  if (Array.isArray(node.type)) found.push('type[]');
  if (Array.isArray(node.items)) found.push('items[]');
  return found;
}

/** Recognises which palette type a schema node (with its uiSchema) is, or 'advanced'. */
export function detectFieldType(node: unknown, ui: Obj | undefined): NodeKind {
  if (!isObj(node) || advancedKeywordsOf(node).length > 0) return 'advanced';
  const widget = ui?.['ui:widget'];
  if (typeof node[KEYWORDS.computed] === 'string') return 'computed';
  switch (node.type) {
    case 'null':
      return 'static-text';
    case 'boolean':
      return 'yes-no';
    case 'object':
      return 'section';
    case 'integer':
      return Object.hasOwn(node, KEYWORDS.weight) ? 'score' : 'integer';
    case 'number':
      return 'number';
    case 'array': {
      const items = node.items;
      if (!isObj(items) || advancedKeywordsOf(items).length > 0) return 'advanced';
      if (items.type === 'object' || isObj(items.properties)) return 'repeating-group';
      if (Array.isArray(items.enum) && node.uniqueItems === true) return 'multi-select';
      return 'advanced';
    }
    case 'string':
      if (Array.isArray(node.enum)) return widget === 'radio' ? 'radio' : 'single-select';
      if (node.format === 'date') return 'date';
      if (node.format === 'date-time') return 'date-time';
      if (node.format === 'email') return 'email';
      if (uiOptions(ui).inputType === 'tel') return 'phone';
      if (widget === 'textarea') return 'long-text';
      if (node.format !== undefined) return 'advanced';
      return 'text';
    case undefined:
      return isObj(node.properties) ? 'section' : 'advanced';
    default:
      return 'advanced';
  }
}

/** Keywords on a node the builder neither edits nor understands, shown so the admin knows they are kept. */
export function otherKeywordsOf(node: unknown): string[] {
  if (!isObj(node)) return [];
  return Object.keys(node).filter(
    (k) => !EDITED_KEYWORDS.has(k) && !(ADVANCED_KEYWORDS as readonly string[]).includes(k),
  );
}
