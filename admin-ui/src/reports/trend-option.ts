import type { Language } from '@rapport/ui-shared';
import type { EChartsCoreOption } from 'echarts/core';
import type { Dashboard } from '../api/reports';
import { inLanguage } from './level-colors';
import type { ReportsT } from './reports-messages';

/** The average total per published cycle in period order, with the chosen manager's totals beside it. */
export function trendOption(
  d: Dashboard,
  managerId: string | undefined,
  t: ReportsT,
  language: Language,
): EChartsCoreOption {
  const manager = d.trend.managers.find((m) => m.managerId === managerId);
  return {
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 40, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: d.trend.cycles.map((c) => inLanguage(c.cycle.name, language)) },
    yAxis: [
      { type: 'value', min: 0, max: 100 },
      { type: 'value', name: t('reports.trend.count'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: t('reports.trend.count'),
        type: 'bar',
        yAxisIndex: 1,
        barMaxWidth: 32,
        itemStyle: { color: '#d9d9d9' },
        data: d.trend.cycles.map((c) => c.count),
      },
      {
        name: t('reports.trend.average'),
        type: 'line',
        symbolSize: 8,
        lineStyle: { width: 3 },
        itemStyle: { color: '#1f3a68' },
        data: d.trend.cycles.map((c) => c.average),
      },
      ...(manager
        ? [
            {
              name: manager.name,
              type: 'line',
              symbolSize: 6,
              connectNulls: true,
              itemStyle: { color: '#fa8c16' },
              data: manager.totals,
            },
          ]
        : []),
    ],
  };
}
