import type { Document } from 'bson';
import { isEqual } from 'mingo/util';
import { isPlainObject } from './codec.js';
import { MongoCommandError } from './errors.js';

const BSON_TYPE_NAMES: Record<string, string> = {
  Binary: 'binData',
  Decimal128: 'decimal',
  Timestamp: 'timestamp',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  Code: 'javascript',
  BSONSymbol: 'symbol',
  BSONRegExp: 'regex',
  ObjectId: 'objectId',
  Long: 'long',
  Int32: 'int',
  Double: 'double',
};

/**
 * The BSON type name of a promoted value. Promotion loses int versus double, so integral numbers
 * count as `int` (or `long` beyond 32 bits), which is what the Node driver sends for them.
 */
export function bsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return 'double';
    return Math.abs(value) <= 0x7fffffff ? 'int' : 'long';
  }
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (Array.isArray(value)) return 'array';
  const tag = (value as { _bsontype?: string })._bsontype;
  if (tag) return BSON_TYPE_NAMES[tag] ?? tag.toLowerCase();
  return 'object';
}

const NUMERIC = new Set(['int', 'long', 'double', 'decimal']);
const JSON_TYPES: Record<string, (bsonType: string) => boolean> = {
  object: (t) => t === 'object',
  array: (t) => t === 'array',
  string: (t) => t === 'string',
  number: (t) => NUMERIC.has(t),
  boolean: (t) => t === 'bool',
  null: (t) => t === 'null',
};

const matchesBsonType = (alias: string, type: string): boolean =>
  alias === 'number' ? NUMERIC.has(type) : alias === 'boolean' ? type === 'bool' : alias === type;

const UNSUPPORTED = ['$ref', '$schema', 'default', 'definitions', 'format', 'id'];

/** Refuses the JSON Schema keywords MongoDB's $jsonSchema does not implement, as MongoDB does. */
export function checkSchema(schema: unknown): void {
  if (!isPlainObject(schema)) throw new MongoCommandError('TypeMismatch', '$jsonSchema must be an object');
  for (const [keyword, value] of Object.entries(schema)) {
    if (UNSUPPORTED.includes(keyword))
      throw new MongoCommandError(
        'FailedToParse',
        `$jsonSchema keyword '${keyword}' is not currently supported`,
      );
    if (keyword === 'properties' || keyword === 'patternProperties') {
      for (const sub of Object.values(value as Document)) checkSchema(sub);
    } else if (
      ['items', 'additionalItems', 'additionalProperties', 'not'].includes(keyword) &&
      isPlainObject(value)
    ) {
      checkSchema(value);
    } else if (
      ['allOf', 'anyOf', 'oneOf'].includes(keyword) ||
      (keyword === 'items' && Array.isArray(value))
    ) {
      for (const sub of value as unknown[]) checkSchema(sub);
    }
  }
}

const typeFailure = (operatorName: string, expected: unknown, value: unknown): Document => ({
  operatorName,
  specifiedAs: { [operatorName]: expected },
  reason: 'type did not match',
  consideredValue: value,
  consideredType: bsonTypeOf(value),
});

/** The rules of `schema` that `value` breaks, in the shape of MongoDB's `schemaRulesNotSatisfied`. */
export function schemaFailures(schema: Document, value: unknown): Document[] {
  const failures: Document[] = [];
  const type = bsonTypeOf(value);
  const fail = (operatorName: string, reason: string, extra: Document = {}): void => {
    const specifiedAs = { [operatorName]: schema[operatorName] };
    failures.push({ operatorName, specifiedAs, ...(reason ? { reason } : {}), ...extra });
  };
  if (schema.bsonType !== undefined) {
    const aliases = Array.isArray(schema.bsonType) ? schema.bsonType : [schema.bsonType];
    if (!aliases.some((alias) => matchesBsonType(String(alias), type)))
      failures.push(typeFailure('bsonType', schema.bsonType, value));
  }
  if (schema.type !== undefined) {
    const names = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!names.some((name) => JSON_TYPES[String(name)]?.(type)))
      failures.push(typeFailure('type', schema.type, value));
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((v) => isEqual(v, value)))
    fail('enum', 'value was not found in enum', { consideredValue: value });
  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const subs = schema[keyword] as Document[] | undefined;
    if (!subs) continue;
    const results = subs.map((sub, index) => ({ index, details: schemaFailures(sub, value) }));
    const failed = results.filter((r) => r.details.length > 0);
    const passed = results.length - failed.length;
    if (keyword === 'allOf' && failed.length > 0)
      failures.push({ operatorName: keyword, schemasNotSatisfied: failed });
    if (keyword === 'anyOf' && passed === 0)
      failures.push({ operatorName: keyword, schemasNotSatisfied: failed });
    if (keyword === 'oneOf' && passed !== 1) {
      failures.push(
        passed === 0
          ? { operatorName: keyword, schemasNotSatisfied: failed }
          : { operatorName: keyword, reason: 'more than one subschema matched' },
      );
    }
  }
  if (schema.not !== undefined && schemaFailures(schema.not as Document, value).length === 0)
    fail('not', 'child expression matched');
  if (NUMERIC.has(type)) numberFailures(schema, value as number, fail);
  if (type === 'string') stringFailures(schema, value as string, fail);
  if (type === 'array') failures.push(...arrayFailures(schema, value as unknown[], fail));
  if (type === 'object') failures.push(...objectFailures(schema, value as Document, fail));
  return failures;
}

type Fail = (operatorName: string, reason: string, extra?: Document) => void;

function numberFailures(schema: Document, value: number, fail: Fail): void {
  const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
  if (typeof minimum === 'number' && (exclusiveMinimum === true ? value <= minimum : value < minimum))
    fail('minimum', 'comparison failed', { consideredValue: value });
  if (typeof maximum === 'number' && (exclusiveMaximum === true ? value >= maximum : value > maximum))
    fail('maximum', 'comparison failed', { consideredValue: value });
  if (typeof multipleOf === 'number' && value % multipleOf !== 0)
    fail('multipleOf', 'factor did not match', { consideredValue: value });
}

function stringFailures(schema: Document, value: string, fail: Fail): void {
  const length = [...value].length;
  if (typeof schema.minLength === 'number' && length < schema.minLength)
    fail('minLength', 'specified string length was not satisfied', { consideredValue: value });
  if (typeof schema.maxLength === 'number' && length > schema.maxLength)
    fail('maxLength', 'specified string length was not satisfied', { consideredValue: value });
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
    fail('pattern', 'regular expression did not match', { consideredValue: value });
}

function arrayFailures(schema: Document, value: unknown[], fail: Fail): Document[] {
  const failures: Document[] = [];
  if (typeof schema.minItems === 'number' && value.length < schema.minItems)
    fail('minItems', 'array did not match specified length', { consideredValue: value });
  if (typeof schema.maxItems === 'number' && value.length > schema.maxItems)
    fail('maxItems', 'array did not match specified length', { consideredValue: value });
  if (schema.uniqueItems === true) {
    const duplicate = value.find((v, i) => value.findIndex((w) => isEqual(v, w)) !== i);
    if (duplicate !== undefined)
      fail('uniqueItems', 'found a duplicate item', { consideredValue: value, duplicatedValue: duplicate });
  }
  const itemFailure = (operatorName: string, sub: Document, index: number): boolean => {
    const details = schemaFailures(sub, value[index]);
    if (details.length === 0) return false;
    failures.push({
      operatorName,
      reason: 'At least one item did not match the sub-schema',
      itemIndex: index,
      details,
    });
    return true;
  };
  if (isPlainObject(schema.items)) {
    for (let i = 0; i < value.length; i++) if (itemFailure('items', schema.items, i)) break;
  } else if (Array.isArray(schema.items)) {
    const tuple = schema.items as Document[];
    for (let i = 0; i < Math.min(tuple.length, value.length); i++)
      if (itemFailure('items', tuple[i] as Document, i)) break;
    if (value.length > tuple.length) {
      if (schema.additionalItems === false)
        fail('additionalItems', 'found additional items', { consideredValue: value });
      else if (isPlainObject(schema.additionalItems)) {
        for (let i = tuple.length; i < value.length; i++)
          if (itemFailure('additionalItems', schema.additionalItems, i)) break;
      }
    }
  }
  return failures;
}

function objectFailures(schema: Document, value: Document, fail: Fail): Document[] {
  const failures: Document[] = [];
  const keys = Object.keys(value);
  if (Array.isArray(schema.required)) {
    const missingProperties = (schema.required as string[]).filter((name) => !(name in value));
    if (missingProperties.length > 0) fail('required', '', { missingProperties });
  }
  if (typeof schema.minProperties === 'number' && keys.length < schema.minProperties)
    fail('minProperties', 'specified number of properties was not satisfied', {
      numberOfProperties: keys.length,
    });
  if (typeof schema.maxProperties === 'number' && keys.length > schema.maxProperties)
    fail('maxProperties', 'specified number of properties was not satisfied', {
      numberOfProperties: keys.length,
    });
  const properties = (schema.properties as Document | undefined) ?? {};
  const propertiesNotSatisfied: Document[] = [];
  for (const [propertyName, sub] of Object.entries(properties)) {
    if (!(propertyName in value)) continue;
    const details = schemaFailures(sub as Document, value[propertyName]);
    if (details.length > 0) {
      const description = (sub as Document).description;
      propertiesNotSatisfied.push({ propertyName, ...(description ? { description } : {}), details });
    }
  }
  if (propertiesNotSatisfied.length > 0)
    failures.push({ operatorName: 'properties', propertiesNotSatisfied });
  const patterns = Object.entries((schema.patternProperties as Document | undefined) ?? {}).map(
    ([pattern, sub]) => [new RegExp(pattern, 'u'), sub as Document] as const,
  );
  for (const key of keys) {
    for (const [regex, sub] of patterns) {
      if (!regex.test(key)) continue;
      const details = schemaFailures(sub, value[key]);
      if (details.length > 0)
        failures.push({
          operatorName: 'patternProperties',
          propertiesNotSatisfied: [{ propertyName: key, details }],
        });
    }
  }
  const additional = keys.filter(
    (key) => !(key in properties) && !patterns.some(([regex]) => regex.test(key)),
  );
  if (schema.additionalProperties === false && additional.length > 0)
    fail('additionalProperties', '', { additionalProperties: additional });
  else if (isPlainObject(schema.additionalProperties)) {
    for (const key of additional) {
      const details = schemaFailures(schema.additionalProperties, value[key]);
      if (details.length > 0)
        failures.push({
          operatorName: 'additionalProperties',
          reason: 'at least one additional property did not match the subschema',
          failingProperty: key,
          details,
        });
    }
  }
  if (isPlainObject(schema.dependencies)) {
    for (const [key, dependency] of Object.entries(schema.dependencies)) {
      if (!(key in value)) continue;
      const unmet = Array.isArray(dependency)
        ? (dependency as string[]).some((name) => !(name in value))
        : schemaFailures(dependency as Document, value).length > 0;
      if (unmet) fail('dependencies', 'dependency not satisfied', { conditionalProperty: key });
    }
  }
  return failures;
}
