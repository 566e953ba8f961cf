import { Alert } from 'antd';
import { ProblemList, toProblems } from '../form-builder/problem-list';
import { useRulesT } from './rules-messages';

/** The problems a failed save's 400 names, under the card that was saved. */
export function SaveProblems({ error, testId }: { error: unknown; testId: string }) {
  const t = useRulesT();
  const problems = toProblems(error);
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('rules.problems')}
      description={<ProblemList problems={problems} testId={testId} />}
    />
  );
}
