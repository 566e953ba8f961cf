import { localisedName, useLanguage, useWorkflowVersion } from '@rapport/ui-shared';
import { Tag } from 'antd';

/** A state's label from the instance's own workflow version (the key until it is loaded). */
export function WorkflowStateLabel({
  institutionId,
  workflowId,
  version,
  state,
  testId,
}: {
  institutionId: string;
  workflowId: string;
  version: number;
  state: string;
  testId?: string;
}) {
  const language = useLanguage();
  const definition = useWorkflowVersion(institutionId, workflowId, version);
  const found = definition.data?.states.find((s) => s.key === state);
  return (
    <Tag color="processing" data-testid={testId}>
      {found ? localisedName(found.label, language) : state}
    </Tag>
  );
}
