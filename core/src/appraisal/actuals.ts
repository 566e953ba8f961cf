import { evaluateExpression, type IndicatorContent } from '@rapport/schemas';

/**
 * The actual values of quantitative indicators, each computed by its JSONata expression over one
 * manager's business data (with the same time and depth bounds as form expressions). A result that
 * is not a finite number (no data, an empty average) is null: the indicator is missing, not zero.
 * An expression that fails is also null, with the reason, so one bad expression does not stop a cycle.
 */
export async function actualsOf(
  indicators: readonly IndicatorContent[],
  data: unknown,
): Promise<{ actuals: Record<string, number | null>; failures: Record<string, string> }> {
  const actuals: Record<string, number | null> = {};
  const failures: Record<string, string> = {};
  for (const indicator of indicators) {
    if (indicator.kind !== 'quantitative' || indicator.expression === undefined) continue;
    try {
      const value = await evaluateExpression(indicator.expression, data);
      actuals[indicator.code] = typeof value === 'number' && Number.isFinite(value) ? value : null;
    } catch (err) {
      actuals[indicator.code] = null;
      failures[indicator.code] = err instanceof Error ? err.message : String(err);
    }
  }
  return { actuals, failures };
}
