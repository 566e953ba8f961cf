/** Platform metadata inside a form's JSON Schema: keywords registered with ajv, ignored by rjsf. */
export const KEYWORDS = {
  /** Weight of a field in the form's score (number ≥ 0). */
  weight: 'x-rapport-weight',
  /** Code of the appraisal indicator a field feeds. */
  indicator: 'x-rapport-indicator',
  /** A JSONata expression over the form data whose result is the field's value. */
  computed: 'x-rapport-computed',
  /** On the root: a JSONata expression over the data (and `$fields`) giving the score, 0–100. */
  score: 'x-rapport-score',
} as const;

/** A JSON Schema node as the platform reads it; anything else it carries is kept as is. */
export interface SchemaNode {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, SchemaNode | boolean>;
  items?: SchemaNode | boolean | (SchemaNode | boolean)[];
  required?: string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  readOnly?: boolean;
  'x-rapport-weight'?: number;
  'x-rapport-indicator'?: string;
  'x-rapport-computed'?: string;
  'x-rapport-score'?: string;
  [keyword: string]: unknown;
}
