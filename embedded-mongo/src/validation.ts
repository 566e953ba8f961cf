import type { Document } from 'bson';
import { Query } from 'mingo';
import { resolve } from 'mingo/util';
import { isPlainObject } from './codec.js';
import { MongoCommandError } from './errors.js';
import { checkSchema, schemaFailures } from './json-schema.js';
import { mingoOptions } from './mingo-options.js';
import type { CollectionInfo } from './storage.js';

const COMPARISONS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);
const VALIDATION_LEVELS = ['off', 'strict', 'moderate'];
const VALIDATION_ACTIONS = ['error', 'warn', 'errorAndLog'];

const queryOptions = mingoOptions({
  jsonSchemaValidator: (schema) => (doc: unknown) => schemaFailures(schema, doc).length === 0,
});

/** Checks the validator options of `create` and `collMod` the way MongoDB does before storing them. */
export function checkValidatorOptions(options: Document): void {
  const { validator, validationLevel, validationAction } = options;
  if (validator !== undefined) {
    if (!isPlainObject(validator))
      throw new MongoCommandError(
        'TypeMismatch',
        "BSON field 'validator' is the wrong type, expected type 'object'",
      );
    if (validator.$jsonSchema !== undefined) checkSchema(validator.$jsonSchema);
    try {
      new Query(validator, queryOptions);
    } catch (err) {
      throw new MongoCommandError('BadValue', err instanceof Error ? err.message : String(err));
    }
  }
  if (validationLevel !== undefined && !VALIDATION_LEVELS.includes(validationLevel as string))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(validationLevel)}' for field 'validationLevel' is not a valid value.`,
    );
  if (validationAction !== undefined && !VALIDATION_ACTIONS.includes(validationAction as string))
    throw new MongoCommandError(
      'BadValue',
      `Enumeration value '${String(validationAction)}' for field 'validationAction' is not a valid value.`,
    );
}

/** MongoDB's explanation of why one top-level clause of a validator refused the document. */
function clauseDetails(field: string, condition: unknown, doc: Document): Document {
  if (field === '$jsonSchema')
    return {
      operatorName: '$jsonSchema',
      schemaRulesNotSatisfied: schemaFailures(condition as Document, doc),
    };
  if (field.startsWith('$'))
    return { operatorName: field, specifiedAs: { [field]: condition }, reason: 'expression did not match' };
  const operators = isPlainObject(condition) && Object.keys(condition).every((key) => key.startsWith('$'));
  const [operatorName] = operators
    ? (Object.entries(condition as Document)[0] as [string, unknown])
    : ['$eq', condition];
  const value = resolve(doc, field);
  const specifiedAs = { [field]: condition };
  if (value === undefined && operatorName !== '$exists')
    return { operatorName, specifiedAs, reason: 'field was missing' };
  const reason = COMPARISONS.has(operatorName) ? 'comparison failed' : 'expression did not match';
  return { operatorName, specifiedAs, reason, consideredValue: value };
}

/** The `details` of a refusal: the failing clause, or `$and` with every failing clause when there are several. */
function failureDetails(validator: Document, doc: Document): Document {
  const clauses = Object.entries(validator);
  const failing = clauses
    .map(([field, condition], index) => ({ index, field, condition }))
    .filter(({ field, condition }) => !new Query({ [field]: condition }, queryOptions).test(doc));
  if (clauses.length === 1 && failing[0]) return clauseDetails(failing[0].field, failing[0].condition, doc);
  return {
    operatorName: '$and',
    clausesNotSatisfied: failing.map(({ index, field, condition }) => ({
      index,
      details: clauseDetails(field, condition, doc),
    })),
  };
}

/**
 * Throws MongoDB's DocumentValidationFailure (121, with `errInfo`) when the collection's validator
 * refuses `doc` (promoted form). `previous` is the document an update replaces: under
 * validationLevel "moderate" an update of a document that already broke the rules is let through.
 */
export function validateDocument(
  info: CollectionInfo,
  doc: Document,
  kind: 'insert' | 'update',
  previous?: Document,
): void {
  const { validator, validationLevel = 'strict', validationAction = 'error' } = info.options;
  if (!isPlainObject(validator) || Object.keys(validator).length === 0) return;
  if (validationLevel === 'off' || validationAction === 'warn') return;
  const query = new Query(validator, queryOptions);
  if (query.test(doc)) return;
  if (kind === 'update' && validationLevel === 'moderate' && previous && !query.test(previous)) return;
  throw new MongoCommandError('DocumentValidationFailure', 'Document failed validation', {
    errInfo: { failingDocumentId: doc._id, details: failureDetails(validator, doc) },
  });
}

/** Whether writes to this collection must be checked (so callers skip building the promoted form otherwise). */
export function hasValidator(info: CollectionInfo): boolean {
  const { validator, validationLevel, validationAction } = info.options;
  return (
    isPlainObject(validator) &&
    Object.keys(validator).length > 0 &&
    validationLevel !== 'off' &&
    validationAction !== 'warn'
  );
}
