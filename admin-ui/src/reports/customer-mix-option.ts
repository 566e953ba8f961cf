import { FREQUENCY_CLASSES, SIZE_CLASSES } from '@rapport/schemas';
import type { EChartsCoreOption } from 'echarts/core';
import type { Dashboard, FrequencyClass, SizeClass } from '../api/reports';
import type { ReportsT } from './reports-messages';

const SIZE_COLORS: Record<SizeClass, string> = { large: '#1f3a68', medium: '#4f7cc4', small: '#a9c4ef' };

/** Customers by frequency class, each bar stacked by size class. */
export function customerMixOption(d: Dashboard, t: ReportsT): EChartsCoreOption {
  const count = (frequency: FrequencyClass, size: SizeClass) =>
    d.customerMix.find((c) => c.frequency === frequency && c.size === size)?.count ?? 0;
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: FREQUENCY_CLASSES.map((f) => t(`frequency.${f}`)) },
    yAxis: { type: 'value', name: t('reports.mix.axis'), minInterval: 1 },
    series: SIZE_CLASSES.map((size) => ({
      name: t(`size.${size}`),
      type: 'bar',
      stack: 'size',
      barMaxWidth: 56,
      itemStyle: { color: SIZE_COLORS[size] },
      data: FREQUENCY_CLASSES.map((frequency) => count(frequency, size)),
    })),
  };
}
