import { CheckCircleOutlined } from '@ant-design/icons';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Alert, List, Tag, Typography } from 'antd';
import { useDesignerT } from './designer-messages';
import { problemSelection } from './problem-targets';
import { problemText, type Selection, type WorkflowDraft, type WorkflowProblem } from './workflow-draft';

/** Every problem of the draft, each naming the state or transition it is about; clicking one selects it. */
export function WorkflowProblemList({
  draft,
  problems,
  onSelect,
  testId,
}: {
  draft: WorkflowDraft;
  problems: readonly WorkflowProblem[];
  onSelect?: (selection: Selection) => void;
  testId: string;
}) {
  const t = useDesignerT();
  const language = useLanguage();
  if (problems.length === 0) {
    return (
      <Alert
        type="success"
        showIcon
        icon={<CheckCircleOutlined />}
        title={t('problems.none')}
        data-testid={`${testId}-none`}
      />
    );
  }
  const where = (problem: WorkflowProblem) => {
    const target = problemSelection(problem.path);
    if (target?.kind === 'state') {
      const state = draft.states[target.index];
      return t('problems.state', {
        name: state ? localisedName(state.label, language) || state.key : `#${target.index + 1}`,
      });
    }
    if (target?.kind === 'transition') {
      const transition = draft.transitions[target.index];
      return t('problems.transition', {
        name: transition
          ? localisedName(transition.label, language) || transition.key
          : `#${target.index + 1}`,
      });
    }
    return t('problems.workflow');
  };
  return (
    <List
      size="small"
      data-testid={testId}
      header={
        <Typography.Text type="danger">{t('problems.count', { count: problems.length })}</Typography.Text>
      }
      dataSource={[...problems]}
      renderItem={(problem) => {
        const target = problemSelection(problem.path);
        const text = (
          <span>
            <Tag color={target ? 'red' : 'volcano'}>{where(problem)}</Tag>
            {problemText(problem, language)}{' '}
            <Typography.Text type="secondary" code style={{ fontSize: 11 }}>
              {problem.path}
            </Typography.Text>
          </span>
        );
        return (
          <List.Item data-testid="workflow-problem">
            {target && onSelect ? (
              <Typography.Link onClick={() => onSelect(target)} style={{ color: 'inherit' }}>
                {text}
              </Typography.Link>
            ) : (
              text
            )}
          </List.Item>
        );
      }}
    />
  );
}
