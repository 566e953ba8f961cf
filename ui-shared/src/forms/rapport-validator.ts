import { KEYWORDS } from '@rapport/schemas';
import type { RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import localizeZh from 'ajv-i18n/localize/zh';
import type { Language } from '../i18n/language';

type AjvInstance = Parameters<NonNullable<Parameters<typeof customizeValidator>[0]>['extenderFn'] & {}>[0];

/**
 * The platform's annotation keywords, with the shape the server enforces, so a schema the server
 * accepted compiles here too. They carry no validation of the data.
 */
const ANNOTATION_KEYWORDS = [
  { keyword: KEYWORDS.weight, metaSchema: { type: 'number', minimum: 0 } },
  { keyword: KEYWORDS.indicator, metaSchema: { type: 'string' } },
  { keyword: KEYWORDS.computed, metaSchema: { type: 'string' } },
  { keyword: KEYWORDS.score, metaSchema: { type: 'string' } },
  // rjsf's labels for `enum` values.
  { keyword: 'enumNames', metaSchema: { type: 'array' } },
] as const;

function registerRapportKeywords(ajv: AjvInstance): AjvInstance {
  for (const { keyword, metaSchema } of ANNOTATION_KEYWORDS) {
    if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword, metaSchema });
  }
  return ajv;
}

const validators = new Map<Language, ReturnType<typeof customizeValidator>>();

/**
 * The one rjsf validator per UI language, created once: rjsf caches compiled schemas on it, so a
 * new validator per render would recompile the schema on every keystroke (rjsf #1961).
 */
export function rapportValidator(language: Language) {
  let validator = validators.get(language);
  if (!validator) {
    validator = customizeValidator<unknown, RJSFSchema>(
      { extenderFn: registerRapportKeywords },
      // rjsf quotes property names before localising, so titles replace them (rjsf #4348).
      language === 'zh-CN' ? localizeZh : undefined,
    );
    validators.set(language, validator);
  }
  return validator;
}
