import { INDICATOR_CATEGORIES, INDICATOR_CATEGORY_LABELS } from '@rapport/schemas';
import type { Language } from '@rapport/ui-shared';
import type { EChartsCoreOption } from 'echarts/core';
import type { CategoryScores, Dashboard } from '../api/reports';
import { inLanguage } from './level-colors';
import type { ReportsT } from './reports-messages';

/** The mean of each category over the managers shown, leaving out those without a score in it. */
function averageOf(radar: Dashboard['radar']): CategoryScores {
  return Object.fromEntries(
    INDICATOR_CATEGORIES.map((c) => {
      const scores = radar.flatMap((r) => (r.categories[c] === null ? [] : [r.categories[c] as number]));
      return [
        c,
        scores.length > 0
          ? Math.round((scores.reduce((s, x) => s + x, 0) / scores.length) * 100) / 100
          : null,
      ];
    }),
  ) as CategoryScores;
}

/** One manager's performance, behaviour and ability scores against the average of those shown. */
export function radarOption(
  d: Dashboard,
  managerId: string | undefined,
  t: ReportsT,
  language: Language,
): EChartsCoreOption {
  const manager = d.radar.find((r) => r.managerId === managerId);
  const values = (scores: CategoryScores) => INDICATOR_CATEGORIES.map((c) => scores[c] ?? 0);
  return {
    tooltip: {},
    legend: { bottom: 0 },
    radar: {
      radius: '62%',
      indicator: INDICATOR_CATEGORIES.map((c) => ({
        name: inLanguage(INDICATOR_CATEGORY_LABELS[c], language),
        min: 0,
        max: 100,
      })),
    },
    series: [
      {
        type: 'radar',
        data: [
          {
            name: t('reports.radar.average'),
            value: values(averageOf(d.radar)),
            itemStyle: { color: '#8c8c8c' },
            lineStyle: { type: 'dashed' },
          },
          ...(manager
            ? [
                {
                  name: manager.name,
                  value: values(manager.categories),
                  itemStyle: { color: '#1677ff' },
                  areaStyle: { opacity: 0.2 },
                },
              ]
            : []),
        ],
      },
    ],
  };
}
