import type { EvaluationSource, IndicatorStep, ManagerScore } from '@rapport/schemas';
import { Card, Flex, List, Progress, Tag, Typography } from 'antd';
import { localisedName } from '../i18n/format';
import { useLanguage } from '../i18n/language';
import { useT } from '../i18n/shared-messages';
import { categoryLabel, sourceLabel } from './appraisal-labels';

const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
const CATEGORY_COLOURS = { performance: '#1677ff', behaviour: '#13a8a8', ability: '#722ed1' } as const;

/** Why an indicator, or some of its sources, did not count. */
function Notes({ step }: { step: IndicatorStep }) {
  const t = useT();
  const language = useLanguage();
  const names = (sources: readonly EvaluationSource[]) =>
    sources.map((s) => sourceLabel(s, language)).join(t('score.separator'));
  const notes: string[] = [];
  if (step.status === 'zeroed') notes.push(t('score.zeroedExplained'));
  else if (step.status === 'missing')
    notes.push(
      step.kind === 'quantitative'
        ? t('score.missingQuantitative')
        : step.leftOut?.length
          ? t('score.missingQualitative', { sources: names(step.leftOut) })
          : t('score.missingNoSource'),
    );
  else if (step.leftOut?.length) notes.push(t('score.leftOut', { sources: names(step.leftOut) }));
  if (step.ignored?.length) notes.push(t('score.ignored', { sources: names(step.ignored) }));
  return (
    <>
      {notes.map((note) => (
        <Typography.Text
          key={note}
          type="secondary"
          style={{ display: 'block' }}
          data-testid="indicator-note"
        >
          {note}
        </Typography.Text>
      ))}
    </>
  );
}

function IndicatorRow({ step, weightInTotal }: { step: IndicatorStep; weightInTotal: boolean }) {
  const t = useT();
  const language = useLanguage();
  const counted = step.status !== 'missing';
  return (
    <List.Item data-testid={`indicator-${step.indicator}`}>
      <Flex vertical gap={4} style={{ width: '100%' }}>
        <Flex justify="space-between" gap={12} wrap>
          <Typography.Text strong>{localisedName(step.name, language)}</Typography.Text>
          {counted ? (
            <Typography.Text>
              {step.status === 'zeroed' ? <Tag color="red">{t('score.zeroed')}</Tag> : null}
              {t('score.indicatorLine', {
                score: step.score ?? 0,
                share: percent(step.share),
                contribution: step.contribution,
              })}
              {weightInTotal ? (
                <Typography.Text type="secondary">
                  {' · '}
                  {t('score.weightInTotal', { weight: step.weightInTotal })}
                </Typography.Text>
              ) : null}
            </Typography.Text>
          ) : (
            <Tag>{t('score.missing')}</Tag>
          )}
        </Flex>
        {step.kind === 'quantitative' && step.actual !== undefined ? (
          <Typography.Text type="secondary">
            {t('score.actual', { actual: step.actual, score: step.score ?? 0 })}
          </Typography.Text>
        ) : null}
        {(step.sources ?? []).map((s) => (
          <Flex
            key={s.source}
            gap={8}
            align="center"
            wrap
            data-testid={`indicator-${step.indicator}-${s.source}`}
          >
            <Tag>{sourceLabel(s.source, language)}</Tag>
            <Typography.Text type="secondary">
              {t('score.sourceLine', {
                average: s.average,
                raters: s.raters,
                score: s.score,
                share: percent(s.share),
                contribution: s.contribution,
              })}
            </Typography.Text>
          </Flex>
        ))}
        <Notes step={step} />
      </Flex>
    </List.Item>
  );
}

export interface ScoreComputationProps {
  score: ManagerScore;
  /** Also show what each indicator weighs in the total (for the committee). */
  weightInTotal?: boolean;
}

/** How a score was made, for a reader who is not an expert: bars per category, then each indicator. */
export function ScoreComputation({ score, weightInTotal = false }: ScoreComputationProps) {
  const t = useT();
  const language = useLanguage();
  const { computation } = score;
  return (
    <Flex vertical gap={16} data-testid="computation">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('score.intro')}
      </Typography.Paragraph>
      <Card size="small">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('score.total')} <span data-testid="computation-total">{computation.total ?? '—'}</span>
        </Typography.Title>
        <Flex vertical gap={8}>
          {computation.categories.map((c) => (
            <div key={c.category} data-testid={`category-${c.category}`}>
              <Flex justify="space-between" wrap gap={8}>
                <Typography.Text strong>{categoryLabel(c.category, language)}</Typography.Text>
                <Typography.Text type="secondary">
                  {c.score === null
                    ? t('score.categoryMissing')
                    : t('score.categoryLine', { share: percent(c.share), contribution: c.contribution })}
                </Typography.Text>
              </Flex>
              <Progress
                percent={c.score ?? 0}
                format={() => c.score ?? '—'}
                strokeColor={CATEGORY_COLOURS[c.category]}
                status="normal"
              />
            </div>
          ))}
        </Flex>
        <Typography.Text type="secondary">
          {t('score.coverage', { coverage: Math.round(score.coverage * 100) })}
        </Typography.Text>
      </Card>
      {computation.categories.map((c) => {
        const items = computation.indicators.filter((i) => i.category === c.category);
        if (items.length === 0) return null;
        return (
          <Card
            key={c.category}
            size="small"
            title={`${categoryLabel(c.category, language)} · ${c.score ?? '—'}`}
          >
            <List
              dataSource={items}
              renderItem={(step) => <IndicatorRow step={step} weightInTotal={weightInTotal} />}
            />
          </Card>
        );
      })}
    </Flex>
  );
}
