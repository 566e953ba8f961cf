import type { ResultLevel } from '@rapport/schemas';
import { Tag } from 'antd';
import { useLanguage } from '../i18n/language';
import { useT } from '../i18n/shared-messages';
import { levelLabel } from './appraisal-labels';

const LEVEL_COLOURS: Record<ResultLevel, string> = {
  excellent: 'gold',
  good: 'green',
  qualified: 'blue',
  unqualified: 'red',
};

export interface LevelTagProps {
  level: ResultLevel | null;
  testId?: string;
  /** Without a level, say "not yet published" in a tag (for the manager) rather than show a dash. */
  unpublishedTag?: boolean;
}

/** An appraisal's result level, coloured. */
export function LevelTag({ level, testId, unpublishedTag = false }: LevelTagProps) {
  const t = useT();
  const language = useLanguage();
  if (!level)
    return unpublishedTag ? (
      <Tag data-testid={testId}>{t('appraisalLevel.unpublished')}</Tag>
    ) : (
      <span data-testid={testId}>—</span>
    );
  return (
    <Tag color={LEVEL_COLOURS[level]} data-testid={testId}>
      {levelLabel(level, language)}
    </Tag>
  );
}
