import { createRequire } from 'node:module';
import type { Message } from '@rapport/schemas';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema } from 'fastify';

// ajv-i18n is CommonJS whose typings describe an ES default export; require gives the function itself.
const localizeZh = createRequire(import.meta.url)('ajv-i18n/localize/zh') as (errors: ErrorObject[]) => void;

function makeAjv(coerceTypes: boolean | 'array') {
  // removeAdditional stays off: an unknown field is refused (mass assignment), never silently dropped.
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}

// Bodies are JSON and must arrive typed; params and query strings are text and are coerced.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');

export function validatorCompiler({ schema, httpPart }: { schema: FastifySchema; httpPart?: string }) {
  return (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);
}

export interface ValidationDetail {
  in: string;
  path: string;
  message: Message;
}

const FRIENDLY: Record<string, Message> = {
  additionalProperties: { en: 'this field is not allowed here', zh: '不允许提交此字段' },
  required: { en: 'is required', zh: '为必填项' },
};

function pathOf(e: ErrorObject): string {
  const extra = e.params as { missingProperty?: string; additionalProperty?: string };
  const name =
    extra.missingProperty ?? (e.keyword === 'additionalProperties' ? extra.additionalProperty : undefined);
  return `${e.instancePath}${name ? `/${name}` : ''}` || '/';
}

/** ajv's errors as `{in, path, message}`, the message in both languages (the error handler picks one). */
/** At most this many problems are described: enough to fix a request, bounded for a hostile one. */
export const MAX_DETAILS = 100;

export function describeValidation(all: ErrorObject[], part: string): ValidationDetail[] {
  const errors = all.slice(0, MAX_DETAILS);
  const zh = errors.map((e) => ({ ...e }));
  localizeZh(zh);
  return errors.map((e, i) => ({
    in: part,
    path: pathOf(e),
    message: FRIENDLY[e.keyword] ?? {
      en: e.message ?? e.keyword,
      zh: zh[i]?.message ?? e.message ?? e.keyword,
    },
  }));
}

const compiled = new WeakMap<object, ReturnType<typeof bodyAjv.compile>>();

/** Every way `value` breaks `schema` (a JSON body's rules: no coercion), for checks outside routes. */
export function validateAgainst(schema: object, value: unknown, part = 'body'): ValidationDetail[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = bodyAjv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate(value) ? [] : describeValidation(validate.errors ?? [], part);
}
