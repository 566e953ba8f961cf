import { FullPageSpinner, LoadError } from '@rapport/ui-shared';
import { Navigate, useLocation, useParams } from 'react-router';
import { useWorkflowDefinition } from '../api/workflows';
import type { NewWorkflow } from '../workflow-designer/workflow-create-modal';
import { WorkflowDesigner } from '../workflow-designer/workflow-designer';

/** A workflow not saved yet: its key and title come from the create dialog; without them, back to the list. */
export function NewWorkflowDesignerPage() {
  const { institutionId = '' } = useParams();
  const created = useLocation().state as NewWorkflow | null;
  if (!created?.key) return <Navigate to={`/institutions/${institutionId}/workflows`} replace />;
  return (
    <WorkflowDesigner
      institutionId={institutionId}
      workflowKey={created.key}
      workflow={undefined}
      initial={{ title: created.title, states: [], transitions: [] }}
      reload={async () => undefined}
    />
  );
}

export default function WorkflowDesignerPage() {
  const { institutionId = '', workflowId = '' } = useParams();
  const workflow = useWorkflowDefinition(institutionId, workflowId);
  if (workflow.isError) return <LoadError error={workflow.error} onRetry={() => workflow.refetch()} />;
  if (!workflow.data) return <FullPageSpinner />;
  const { title, states, transitions } = workflow.data;
  return (
    <WorkflowDesigner
      key={workflow.data.id}
      institutionId={institutionId}
      workflowKey={workflow.data.key}
      workflow={workflow.data}
      initial={{ title, states, transitions }}
      reload={async () => (await workflow.refetch()).data}
    />
  );
}
