import { createRequire } from 'node:module';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema } from 'fastify';
import type { Lang } from './errors.js';

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
  message: string;
}

const FRIENDLY: Record<string, Record<Lang, (e: ErrorObject) => string>> = {
  additionalProperties: {
    en: () => 'this field is not allowed here',
    zh: () => '不允许提交此字段',
  },
  required: { en: () => 'is required', zh: () => '为必填项' },
};

function pathOf(e: ErrorObject): string {
  const extra = e.params as { missingProperty?: string; additionalProperty?: string };
  const name =
    extra.missingProperty ?? (e.keyword === 'additionalProperties' ? extra.additionalProperty : undefined);
  return `${e.instancePath}${name ? `/${name}` : ''}` || '/';
}

/** ajv's errors as `{in, path, message}` in the client's language. */
export function describeValidation(errors: ErrorObject[], part: string, lang: Lang): ValidationDetail[] {
  const copy = errors.map((e) => ({ ...e }));
  if (lang === 'zh') localizeZh(copy);
  return copy.map((e) => ({
    in: part,
    path: pathOf(e),
    message: FRIENDLY[e.keyword]?.[lang](e) ?? e.message ?? e.keyword,
  }));
}
