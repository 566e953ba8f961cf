import { RESULT_LEVEL_LABELS, type ResultLevel } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Tag } from 'antd';
import { hasAppraisalMessage, useAppraisalT } from './appraisal-messages';

const LEVEL_COLOURS: Record<ResultLevel, string> = {
  excellent: 'gold',
  good: 'green',
  qualified: 'blue',
  unqualified: 'red',
};

export function LevelTag({ level, testId }: { level: ResultLevel | null; testId?: string }) {
  const language = useLanguage();
  const t = useAppraisalT();
  if (!level) return <Tag data-testid={testId}>{t('appraisals.notPublished')}</Tag>;
  return (
    <Tag color={LEVEL_COLOURS[level]} data-testid={testId}>
      {localisedName(RESULT_LEVEL_LABELS[level], language)}
    </Tag>
  );
}

/** A step of the appraisal workflow by its state key. */
export function StepTag({ state, testId }: { state: string | null | undefined; testId?: string }) {
  const t = useAppraisalT();
  if (!state) return <Tag data-testid={testId}>{t('appraisals.notStarted')}</Tag>;
  const key = `step.${state}`;
  const done = state === 'closed' || state === 'published';
  return (
    <Tag color={done ? 'success' : state === 'appeal' ? 'warning' : 'processing'} data-testid={testId}>
      {hasAppraisalMessage(key) ? t(key) : state}
    </Tag>
  );
}
