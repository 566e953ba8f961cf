import { type FormProblem, isApiError } from '@rapport/ui-shared';
import { List, Tag, Typography } from 'antd';

function isProblem(value: unknown): value is FormProblem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FormProblem).path === 'string' &&
    typeof (value as FormProblem).message === 'string'
  );
}

/** The problems a 400 VALIDATION_ERROR lists (empty for any other error). */
export function toProblems(error: unknown): FormProblem[] {
  if (!isApiError(error, 'VALIDATION_ERROR') || !Array.isArray(error.details)) return [];
  return error.details.filter(isProblem);
}

/** Server problems with where they are: which document, and the JSON pointer inside it. */
export function ProblemList({ problems, testId }: { problems: readonly FormProblem[]; testId: string }) {
  return (
    <List
      size="small"
      data-testid={testId}
      dataSource={[...problems]}
      renderItem={(problem) => (
        <List.Item>
          <span>
            <Tag>{problem.in ?? 'body'}</Tag>
            <Typography.Text code>{problem.path || '/'}</Typography.Text> {problem.message}
          </span>
        </List.Item>
      )}
    />
  );
}
