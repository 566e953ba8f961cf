import { EVALUATION_SOURCE_LABELS, type EvaluationSource, INDICATOR_CATEGORY_LABELS } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Card, Flex, Progress, Table, Tag, Typography } from 'antd';
import type { IndicatorStep, ManagerScore } from '../api/cycles';
import { useCycleT } from './cycle-messages';

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** Why an indicator or a source did not count, in words a manager can follow. */
function Explanations({ step }: { step: IndicatorStep }) {
  const t = useCycleT();
  const language = useLanguage();
  const names = (sources: readonly EvaluationSource[]) =>
    sources.map((s) => localisedName(EVALUATION_SOURCE_LABELS[s], language)).join(t('computation.separator'));
  const lines: string[] = [];
  if (step.status === 'zeroed') lines.push(t('computation.zeroedExplained'));
  else if (step.status === 'missing')
    lines.push(
      step.kind === 'quantitative'
        ? t('computation.missingQuantitative')
        : step.leftOut?.length
          ? t('computation.missingQualitative', { sources: names(step.leftOut) })
          : t('computation.missingNoSource'),
    );
  else if (step.leftOut?.length) lines.push(t('computation.leftOut', { sources: names(step.leftOut) }));
  if (step.ignored?.length) lines.push(t('computation.ignored', { sources: names(step.ignored) }));
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((line) => (
        <Typography.Text key={line} type="secondary" style={{ display: 'block', fontSize: 12 }}>
          {line}
        </Typography.Text>
      ))}
    </>
  );
}

function SourceLines({ step }: { step: IndicatorStep }) {
  const t = useCycleT();
  const language = useLanguage();
  if (step.kind === 'quantitative')
    return step.actual === undefined ? null : <span>{t('computation.actual', { actual: step.actual })}</span>;
  return (
    <Flex vertical gap={2}>
      {(step.sources ?? []).map((s) => (
        <span key={s.source} data-testid={`source-${step.indicator}-${s.source}`}>
          <Tag>{localisedName(EVALUATION_SOURCE_LABELS[s.source], language)}</Tag>
          {s.average} ({t('computation.raters', { count: s.raters })}) → {s.score} × {percent(s.share)} ={' '}
          <strong>{s.contribution}</strong>
        </span>
      ))}
    </Flex>
  );
}

/** How a score was made: each category's part of the total, then each indicator's sources and share. */
export function ComputationView({ score }: { score: ManagerScore }) {
  const t = useCycleT();
  const language = useLanguage();
  const { computation } = score;
  return (
    <Flex vertical gap={12} data-testid="computation">
      <Flex align="baseline" gap={12}>
        <Typography.Text strong>{t('computation.total')}</Typography.Text>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="computation-total">
          {computation.total ?? '—'}
        </Typography.Title>
        <Typography.Text type="secondary">
          {t('computation.coverage', { coverage: Math.round(score.coverage * 100) })}
        </Typography.Text>
      </Flex>
      {computation.categories.map((category) => {
        const name = localisedName(INDICATOR_CATEGORY_LABELS[category.category], language);
        const items = computation.indicators.filter((i) => i.category === category.category);
        if (items.length === 0 && category.weight === 0) return null;
        return (
          <Card
            key={category.category}
            size="small"
            data-testid={`computation-category-${category.category}`}
            title={
              category.score === null
                ? t('computation.categoryMissing', { category: name })
                : t('computation.category', {
                    category: name,
                    score: category.score,
                    share: percent(category.share),
                    contribution: category.contribution,
                  })
            }
          >
            <Progress
              percent={category.score ?? 0}
              format={() => category.score ?? '—'}
              status={category.score === null ? 'exception' : 'normal'}
              style={{ marginBottom: 8 }}
            />
            <Table<IndicatorStep>
              size="small"
              rowKey="indicator"
              pagination={false}
              dataSource={items}
              scroll={{ x: 'max-content' }}
              onRow={(step) => ({ 'data-testid': `computation-indicator-${step.indicator}` }) as never}
              columns={[
                {
                  title: t('computation.indicator'),
                  key: 'name',
                  render: (_, step) => (
                    <>
                      {localisedName(step.name, language)}
                      <Explanations step={step} />
                    </>
                  ),
                },
                {
                  title: t('computation.sources'),
                  key: 'sources',
                  render: (_, step) => <SourceLines step={step} />,
                },
                {
                  title: t('computation.score'),
                  key: 'score',
                  align: 'right',
                  render: (_, step) =>
                    step.status === 'missing' ? (
                      <Tag>{t('computation.missing')}</Tag>
                    ) : step.status === 'zeroed' ? (
                      <Tag color="red">{t('computation.zeroed')}</Tag>
                    ) : (
                      step.score
                    ),
                },
                {
                  title: t('computation.share'),
                  key: 'share',
                  align: 'right',
                  render: (_, step) => (step.status === 'missing' ? '—' : percent(step.share)),
                },
                {
                  title: t('computation.contribution'),
                  key: 'contribution',
                  align: 'right',
                  render: (_, step) => (step.status === 'missing' ? '—' : step.contribution),
                },
                {
                  title: t('computation.weightInTotal'),
                  key: 'weightInTotal',
                  align: 'right',
                  render: (_, step) => (step.status === 'missing' ? '—' : step.weightInTotal),
                },
              ]}
            />
          </Card>
        );
      })}
    </Flex>
  );
}
