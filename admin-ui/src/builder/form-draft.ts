import type { SchemaNode } from '@rapport/schemas';

/** What the builder edits: the draft's JSON Schema and uiSchema. They are the source of truth; the tree is derived. */
export interface FormDraft {
  schema: SchemaNode;
  uiSchema: Record<string, unknown>;
}

/** A field addressed by the property names leading to it, through sections and repeating groups. */
export type FieldPath = readonly string[];

/** An operation the builder refuses, with the message key that says why. */
export class BuilderError extends Error {
  override readonly name = 'BuilderError';
  constructor(readonly code: 'keyTaken' | 'keyInvalid' | 'notFound' | 'intoItself' | 'notContainer') {
    super(code);
  }
}
