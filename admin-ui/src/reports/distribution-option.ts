import { RESULT_LEVEL_LABELS, RESULT_LEVELS } from '@rapport/schemas';
import type { Language } from '@rapport/ui-shared';
import type { EChartsCoreOption } from 'echarts/core';
import type { Dashboard } from '../api/reports';
import { inLanguage, LEVEL_COLORS } from './level-colors';
import type { ReportsT } from './reports-messages';

/** The histogram of final totals in 10-point buckets, each bar stacked by result level. */
export function distributionOption(d: Dashboard, t: ReportsT, language: Language): EChartsCoreOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 24, bottom: 56 },
    xAxis: {
      type: 'category',
      data: d.distribution.map((b) => `${b.from}–${b.to}`),
      axisLabel: { interval: 0 },
    },
    yAxis: { type: 'value', name: t('reports.distribution.axis'), minInterval: 1 },
    series: RESULT_LEVELS.map((level) => ({
      name: inLanguage(RESULT_LEVEL_LABELS[level], language),
      type: 'bar',
      stack: 'levels',
      barCategoryGap: '10%',
      itemStyle: { color: LEVEL_COLORS[level] },
      data: d.distribution.map((b) => b.levels[level]),
    })),
  };
}
