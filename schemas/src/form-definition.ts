import type { SchemaNode } from './form-keywords.js';
import { INSTITUTION_ROLES, type InstitutionRole, type Message } from './vocabulary.js';

/** Who, besides the person who filled it and the institution's admins, may read a submission. */
export const READ_SCOPES = ['own', 'team', 'all'] as const;
export type ReadScope = (typeof READ_SCOPES)[number];

export const FORM_STATUSES = ['draft', 'published', 'archived'] as const;
export type FormStatus = (typeof FORM_STATUSES)[number];

/** What an admin designs: the content of a form, as created, edited, imported and exported. */
export interface FormContent {
  key: string;
  title: Message;
  description: Message;
  /** JSON Schema draft-07, with `x-rapport-*` keywords. */
  schema: SchemaNode;
  /** rjsf uiSchema. */
  uiSchema: Record<string, unknown>;
  fillRoles: InstitutionRole[];
  readScope: ReadScope;
}

const text = (maxLength: number, minLength = 0) => ({
  type: 'object',
  additionalProperties: false,
  required: ['zh', 'en'],
  properties: { zh: { type: 'string', minLength, maxLength }, en: { type: 'string', minLength, maxLength } },
});

/** JSON Schema (draft-07) of a form definition. */
export const formDefinitionSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'title', 'schema', 'fillRoles', 'readScope'],
  properties: {
    key: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{1,63}$',
      description: 'stable identifier: lower-case letters, digits and -, starting with a letter',
    },
    title: text(200, 1),
    description: { ...text(2000), default: { zh: '', en: '' } },
    schema: { type: 'object', description: 'JSON Schema draft-07 of the form data' },
    uiSchema: { type: 'object', default: {}, description: 'rjsf uiSchema' },
    fillRoles: { type: 'array', items: { enum: [...INSTITUTION_ROLES] }, uniqueItems: true, minItems: 1 },
    readScope: { enum: [...READ_SCOPES] },
  },
} as const;

/** The one-file export of a form. */
export interface FormExport {
  format: 'rapport-form';
  formatVersion: 1;
  form: FormContent;
}

export const formExportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'formatVersion', 'form'],
  properties: {
    format: { const: 'rapport-form' },
    formatVersion: { const: 1 },
    form: formDefinitionSchema,
  },
} as const;
