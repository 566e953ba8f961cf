import { createRequire } from 'node:module';
import { compileExpression, ExpressionError, KEYWORDS, type SchemaNode } from '@rapport/schemas';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// safe-regex2 is CommonJS with an `export =` typing.
const isSafeRegex = createRequire(import.meta.url)('safe-regex2') as (re: string) => boolean;

/** Tenant-authored schemas are untrusted: these bound what one may cost to compile and run. */
export const SCHEMA_LIMITS = { maxBytes: 512 * 1024, maxDepth: 24, maxFields: 2000 };

/** One thing wrong with a form definition, where it is, in both languages. */
export interface SchemaProblem {
  in: 'schema' | 'uiSchema';
  path: string;
  message: { zh: string; en: string };
}

const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const MAP_KEYWORDS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependencies']);
const SCHEMA_KEYWORDS = new Set([
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
]);
const LIST_KEYWORDS = new Set(['allOf', 'anyOf', 'oneOf']);

function problem(path: string, en: string, zh: string): SchemaProblem {
  return { in: 'schema', path: path || '/', message: { en, zh } };
}

function checkPattern(source: unknown, path: string, problems: SchemaProblem[]): void {
  if (typeof source !== 'string') return;
  try {
    new RegExp(source, 'u');
  } catch {
    problems.push(
      problem(path, `"${source}" is not a valid regular expression`, `"${source}" 不是合法的正则表达式`),
    );
    return;
  }
  if (!isSafeRegex(source)) {
    problems.push(
      problem(
        path,
        `the pattern "${source}" can take exponential time (nested repetition); simplify it`,
        `正则表达式 "${source}" 可能导致指数级回溯（嵌套重复），请简化`,
      ),
    );
  }
}

function walk(
  node: unknown,
  path: string,
  depth: number,
  problems: SchemaProblem[],
  counter: { fields: number },
): void {
  if (typeof node === 'boolean') return;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    problems.push(problem(path, 'a schema must be an object or a boolean', 'schema 必须是对象或布尔值'));
    return;
  }
  if (depth > SCHEMA_LIMITS.maxDepth) {
    problems.push(
      problem(
        path,
        `the schema nests deeper than ${SCHEMA_LIMITS.maxDepth} levels`,
        `schema 嵌套超过 ${SCHEMA_LIMITS.maxDepth} 层`,
      ),
    );
    return;
  }
  for (const [key, value] of Object.entries(node)) {
    const here = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key === 'pattern') checkPattern(value, here, problems);
    else if (key === '$ref') {
      if (typeof value !== 'string' || !value.startsWith('#')) {
        problems.push(
          problem(
            here,
            'only local references ("#/definitions/…") are allowed',
            '只允许本地引用（"#/definitions/…"）',
          ),
        );
      }
    } else if (key === '$data') {
      problems.push(problem(here, '$data references are not allowed', '不允许使用 $data 引用'));
    } else if (key === '$schema') {
      if (
        value !== 'http://json-schema.org/draft-07/schema#' &&
        value !== 'http://json-schema.org/draft-07/schema'
      ) {
        problems.push(problem(here, 'forms use JSON Schema draft-07', '表单须使用 JSON Schema draft-07'));
      }
    } else if (key === KEYWORDS.weight) {
      if (typeof value !== 'number' || !(value >= 0) || value > 1000) {
        problems.push(problem(here, 'a weight is a number from 0 to 1000', '权重须为 0 到 1000 之间的数字'));
      }
    } else if (key === KEYWORDS.indicator) {
      if (typeof value !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
        problems.push(
          problem(
            here,
            'an indicator link is an indicator code (letters, digits, _ . -)',
            '指标关联须为指标代码（字母、数字、_ . -）',
          ),
        );
      }
    } else if (key === KEYWORDS.computed || key === KEYWORDS.score) {
      try {
        if (typeof value !== 'string') throw new ExpressionError('not a string');
        compileExpression(value);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        problems.push(problem(here, `the expression does not compile: ${why}`, `表达式无法编译：${why}`));
      }
    } else if (MAP_KEYWORDS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, child] of Object.entries(value)) {
        const childPath = `${here}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
        if (key === 'patternProperties') checkPattern(name, childPath, problems);
        // Field names become keys of stored data: the same rules as any input key.
        if (
          key === 'properties' &&
          (name.startsWith('$') || name.includes('.') || name.includes('\0') || FORBIDDEN_NAMES.has(name))
        ) {
          problems.push(
            problem(
              childPath,
              `"${name}" cannot be a field name (no leading $, no dots)`,
              `"${name}" 不能作为字段名（不能以 $ 开头，不能含点号）`,
            ),
          );
        }
        if (key === 'properties' && ++counter.fields > SCHEMA_LIMITS.maxFields) {
          problems.push(
            problem(
              childPath,
              `a form has at most ${SCHEMA_LIMITS.maxFields} fields`,
              `表单最多 ${SCHEMA_LIMITS.maxFields} 个字段`,
            ),
          );
          return;
        }
        // `dependencies` may also list property names.
        if (!(key === 'dependencies' && Array.isArray(child)))
          walk(child, childPath, depth + 1, problems, counter);
      }
    } else if (SCHEMA_KEYWORDS.has(key)) {
      walk(value, here, depth + 1, problems, counter);
    } else if (key === 'items') {
      if (Array.isArray(value))
        for (const [i, v] of value.entries()) walk(v, `${here}/${i}`, depth + 1, problems, counter);
      else walk(value, here, depth + 1, problems, counter);
    } else if (LIST_KEYWORDS.has(key) && Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, `${here}/${i}`, depth + 1, problems, counter);
    } else if (value && typeof value === 'object' && !Array.isArray(value) && '$data' in value) {
      problems.push(problem(`${here}/$data`, '$data references are not allowed', '不允许使用 $data 引用'));
    }
  }
}

/** A separate ajv per form version: tenants never share compiled schemas, ids or keywords. */
function newAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    strictTuples: false,
    $data: false,
    useDefaults: false,
  });
  addFormats.default(ajv);
  ajv.addKeyword({ keyword: KEYWORDS.weight, schemaType: 'number' });
  ajv.addKeyword({ keyword: KEYWORDS.indicator, schemaType: 'string' });
  ajv.addKeyword({ keyword: KEYWORDS.computed, schemaType: 'string' });
  ajv.addKeyword({ keyword: KEYWORDS.score, schemaType: 'string' });
  // rjsf's legacy labels for enum values.
  ajv.addKeyword({ keyword: 'enumNames', schemaType: 'array' });
  return ajv;
}

/** Every problem of a form's schema and uiSchema, or an empty list; compiles the schema to be sure. */
export function checkFormSchema(schema: unknown, uiSchema: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const size = JSON.stringify(schema ?? null).length + JSON.stringify(uiSchema ?? null).length;
  if (size > SCHEMA_LIMITS.maxBytes) {
    return [
      problem(
        '/',
        `the form is larger than ${SCHEMA_LIMITS.maxBytes / 1024} KiB`,
        `表单定义超过 ${SCHEMA_LIMITS.maxBytes / 1024} KiB`,
      ),
    ];
  }
  if (
    uiSchema !== undefined &&
    (uiSchema === null || typeof uiSchema !== 'object' || Array.isArray(uiSchema))
  ) {
    problems.push({
      in: 'uiSchema',
      path: '/',
      message: { en: 'the uiSchema must be an object', zh: 'uiSchema 必须是对象' },
    });
  }
  if (
    schema === null ||
    typeof schema !== 'object' ||
    Array.isArray(schema) ||
    (schema as SchemaNode).type !== 'object'
  ) {
    problems.push(
      problem(
        '/',
        'the form schema must be an object schema ("type": "object")',
        '表单 schema 须为对象类型（"type": "object"）',
      ),
    );
    return problems;
  }
  walk(schema, '', 0, problems, { fields: 0 });
  if (problems.length > 0) return problems;
  try {
    newAjv().compile(schema);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    problems.push(problem('/', `the schema does not compile: ${why}`, `schema 无法编译：${why}`));
  }
  return problems;
}

/** Compiled validators by (form, version), least recently used dropped first. */
export class ValidatorCache {
  private readonly entries = new Map<string, ValidateFunction>();

  constructor(private readonly capacity = 500) {}

  get(key: string, schema: SchemaNode): ValidateFunction {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const validate = newAjv().compile(schema);
    this.entries.set(key, validate);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return validate;
  }
}
