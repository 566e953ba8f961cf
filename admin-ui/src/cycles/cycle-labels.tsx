import type { CycleStatus, ResultLevel } from '@rapport/schemas';
import { RESULT_LEVEL_LABELS } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Tag } from 'antd';
import { hasCycleMessage, useCycleT } from './cycle-messages';

const STATUS_COLOURS: Record<CycleStatus, string> = {
  draft: 'default',
  launched: 'processing',
  published: 'success',
  closed: 'default',
};

export function CycleStatusTag({ status, testId }: { status: CycleStatus; testId?: string }) {
  const t = useCycleT();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testId}>
      {t(`cycles.status.${status}`)}
    </Tag>
  );
}

const LEVEL_COLOURS: Record<ResultLevel, string> = {
  excellent: 'gold',
  good: 'green',
  qualified: 'blue',
  unqualified: 'red',
};

export function LevelTag({ level, testId }: { level: ResultLevel | null; testId?: string }) {
  const language = useLanguage();
  if (!level) return <span data-testid={testId}>—</span>;
  return (
    <Tag color={LEVEL_COLOURS[level]} data-testid={testId}>
      {localisedName(RESULT_LEVEL_LABELS[level], language)}
    </Tag>
  );
}

/** A step of the generated appraisal workflow by its state key (the key itself for a state it lacks). */
export function AppraisalStepTag({ state, testId }: { state: string | null | undefined; testId?: string }) {
  const t = useCycleT();
  if (!state) return <Tag data-testid={testId}>{t('monitor.notStarted')}</Tag>;
  const key = `step.${state}`;
  const done = state === 'closed' || state === 'published';
  return (
    <Tag color={done ? 'success' : state === 'appeal' ? 'warning' : 'processing'} data-testid={testId}>
      {hasCycleMessage(key) ? t(key) : state}
    </Tag>
  );
}
