import type { Grade } from '@rapport/schemas';
import { useLanguage } from '@rapport/ui-shared';
import { Tag } from 'antd';
import { gradeLabel } from '../org/vocabulary-labels';

const GRADE_COLOURS: Record<Grade, string> = {
  senior: 'gold',
  level1: 'blue',
  level2: 'cyan',
  trainee: 'default',
};

export function GradeTag({ grade }: { grade: Grade }) {
  const language = useLanguage();
  return (
    <Tag color={GRADE_COLOURS[grade]} data-testid="grade-tag">
      {gradeLabel(grade, language)}
    </Tag>
  );
}
