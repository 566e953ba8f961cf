import { Alert } from 'antd';
import { useOrgT } from './org-messages';

/** Every problem the server named, listed above the form that caused them. */
export function ProblemAlert({ problems }: { problems: readonly string[] }) {
  const t = useOrgT();
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      title={t('org.problems')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="server-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      }
    />
  );
}
