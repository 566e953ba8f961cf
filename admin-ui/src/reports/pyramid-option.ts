import { GRADE_LABELS } from '@rapport/schemas';
import type { Language } from '@rapport/ui-shared';
import type { EChartsCoreOption } from 'echarts/core';
import type { Dashboard } from '../api/reports';
import { inLanguage } from './level-colors';
import type { ReportsT } from './reports-messages';

/** Managers per current grade as horizontal bars; the highest grade on top (a category axis draws upwards). */
export function pyramidOption(d: Dashboard, t: ReportsT, language: Language): EChartsCoreOption {
  const bottomUp = [...d.gradePyramid].reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 40, top: 16, bottom: 32, containLabel: true },
    xAxis: { type: 'value', name: t('reports.pyramid.axis'), minInterval: 1 },
    yAxis: { type: 'category', data: bottomUp.map((g) => inLanguage(GRADE_LABELS[g.grade], language)) },
    series: [
      {
        name: t('reports.pyramid.axis'),
        type: 'bar',
        barMaxWidth: 36,
        itemStyle: { color: '#1f3a68' },
        label: { show: true, position: 'right' },
        data: bottomUp.map((g) => g.count),
      },
    ],
  };
}
