import { useLanguage } from '@rapport/ui-shared';
import { Alert } from 'antd';
import { problemText, type WorkflowProblem } from './workflow-draft';

/** The problems with the selected state or transition, at the top of its panel. */
export function ElementProblems({
  problems,
  testId,
}: {
  problems: readonly WorkflowProblem[];
  testId: string;
}) {
  const language = useLanguage();
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      title={
        <ul style={{ margin: 0, paddingInlineStart: 16 }}>
          {problems.map((p) => (
            <li key={`${p.path} ${p.message.en}`}>{problemText(p, language)}</li>
          ))}
        </ul>
      }
    />
  );
}
