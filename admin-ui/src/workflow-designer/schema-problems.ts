import { type WorkflowProblem, workflowDefinitionSchema } from '@rapport/schemas';
import Ajv, { type ErrorObject } from 'ajv';
import localizeZh from 'ajv-i18n/localize/zh';

// The server's schema, compiled once; strict off because it names no `type` beside each `const`.
const validate = new Ajv({ allErrors: true, strict: false }).compile(workflowDefinitionSchema);

/** Where the error is; a missing property is reported at the property itself. */
function pathOf(error: ErrorObject): string {
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  return missing ? `${error.instancePath}/${missing}` : error.instancePath || '/';
}

/**
 * Everything the workflow definition schema finds wrong with a value, in both languages. Errors
 * from inside `oneOf` alternatives (one per kind of actor rule) are left out: the `oneOf` error
 * says it once.
 */
export function schemaProblems(value: unknown): WorkflowProblem[] {
  if (validate(value)) return [];
  const errors = (validate.errors ?? []).filter((e) => !e.schemaPath.includes('/oneOf/'));
  const zh = errors.map((e) => ({ ...e }));
  localizeZh(zh);
  const seen = new Set<string>();
  return errors.flatMap((error, i) => {
    const path = pathOf(error);
    const message = {
      en: error.message ?? error.keyword,
      zh: zh[i]?.message ?? error.message ?? error.keyword,
    };
    const id = `${path} ${message.en}`;
    if (seen.has(id)) return [];
    seen.add(id);
    return [{ path, message }];
  });
}
