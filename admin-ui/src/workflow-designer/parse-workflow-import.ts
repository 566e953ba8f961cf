import { schemaProblems } from './schema-problems';
import type { WorkflowContent, WorkflowProblem } from './workflow-draft';

export type ParsedImport = { content: WorkflowContent } | { problems: WorkflowProblem[] };

/**
 * Reads an exported workflow (`*.workflow.json`: key, title, states, transitions) and checks it
 * against the workflow definition schema; every problem is reported at once.
 */
export function parseWorkflowImport(text: string): ParsedImport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      problems: [{ path: '/', message: { en: `not valid JSON: ${why}`, zh: `不是有效的 JSON：${why}` } }],
    };
  }
  const problems = schemaProblems(value);
  return problems.length > 0 ? { problems } : { content: value as WorkflowContent };
}

/** The file an export downloads as. */
export function exportFileName(key: string): string {
  return `${key}.workflow.json`;
}
