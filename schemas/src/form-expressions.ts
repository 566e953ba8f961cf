import jsonata from 'jsonata';
import { formFields, getAt, setAt } from './form-fields.js';
import { KEYWORDS, type SchemaNode } from './form-keywords.js';

/** Bounds on one expression's evaluation: tenant-authored expressions must not hang the server. */
export const EXPRESSION_LIMITS = { timeoutMs: 200, maxDepth: 200, maxLength: 2000 };

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

type Expression = ReturnType<typeof jsonata>;

/** Parses a JSONata expression; throws ExpressionError with jsonata's message when it does not compile. */
export function compileExpression(source: string): Expression {
  if (source.length > EXPRESSION_LIMITS.maxLength) {
    throw new ExpressionError(`expression longer than ${EXPRESSION_LIMITS.maxLength} characters`);
  }
  try {
    return jsonata(source);
  } catch (err) {
    throw new ExpressionError((err as { message?: string }).message ?? String(err));
  }
}

// jsonata calls these around every step; they bound time and depth (no eval, no Function).
function timebox(expression: Expression): void {
  const started = Date.now();
  let depth = 0;
  const check = () => {
    if (depth > EXPRESSION_LIMITS.maxDepth) throw new ExpressionError('expression nests too deeply');
    if (Date.now() - started > EXPRESSION_LIMITS.timeoutMs)
      throw new ExpressionError('expression took too long');
  };
  const assign = expression.assign as unknown as (name: symbol, value: unknown) => void;
  assign(
    Symbol.for('jsonata.__evaluate_entry'),
    (_e: unknown, _i: unknown, env: { isParallelCall?: boolean }) => {
      if (env.isParallelCall) return;
      depth++;
      check();
    },
  );
  assign(
    Symbol.for('jsonata.__evaluate_exit'),
    (_e: unknown, _i: unknown, env: { isParallelCall?: boolean }) => {
      if (env.isParallelCall) return;
      depth--;
      check();
    },
  );
}

export async function evaluateExpression(
  source: string,
  data: unknown,
  bindings: Record<string, unknown> = {},
): Promise<unknown> {
  const expression = compileExpression(source);
  timebox(expression);
  try {
    return await expression.evaluate(data, bindings);
  } catch (err) {
    throw err instanceof ExpressionError
      ? err
      : new ExpressionError((err as { message?: string }).message ?? String(err));
  }
}

/**
 * The data with every computed field (`x-rapport-computed`) set from its expression, in
 * declaration order so a computed field may use the ones before it. Fields inside repeating groups
 * are not computed per item.
 */
export async function applyComputed(
  schema: SchemaNode,
  data: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = structuredClone(data);
  for (const field of formFields(schema)) {
    const source = field.node[KEYWORDS.computed];
    if (typeof source !== 'string' || field.pointer.includes('/-')) continue;
    const value = await evaluateExpression(source, result);
    setAt(result, field.pointer, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  }
  return result;
}

/**
 * The form's score from 0 to 100, or null when the form does not score. A root `x-rapport-score`
 * expression decides; otherwise the weighted mean of the weighted numeric fields, each scaled by its
 * own minimum and maximum (a yes/no field counts as 0 or 100).
 */
export async function scoreOf(schema: SchemaNode, data: Record<string, unknown>): Promise<number | null> {
  const weighted = formFields(schema).filter(
    (f) => typeof f.node[KEYWORDS.weight] === 'number' && !f.pointer.includes('/-'),
  );
  const expression = schema[KEYWORDS.score];
  if (typeof expression === 'string') {
    const value = await evaluateExpression(expression, data);
    return typeof value === 'number' && Number.isFinite(value) ? Math.round(value * 100) / 100 : null;
  }
  let total = 0;
  let weights = 0;
  for (const field of weighted) {
    const weight = field.node[KEYWORDS.weight] as number;
    const value = getAt(data, field.pointer);
    let scaled: number | undefined;
    if (typeof value === 'boolean') scaled = value ? 100 : 0;
    else if (typeof value === 'number') {
      const min = field.node.minimum ?? 0;
      const max = field.node.maximum ?? 100;
      scaled = max > min ? ((Math.min(Math.max(value, min), max) - min) / (max - min)) * 100 : 0;
    }
    weights += weight;
    total += (scaled ?? 0) * weight;
  }
  return weights > 0 ? Math.round((total / weights) * 100) / 100 : null;
}
