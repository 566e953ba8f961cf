import { formatDateTime, localisedName, useLanguage, useT } from '@rapport/ui-shared';
import { Button, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useWorkflowDefinitions, type WorkflowStatus, type WorkflowView } from '../api/workflows';
import { ListPage } from '../components/list-page';
import { useDesignerT } from '../workflow-designer/designer-messages';
import { WorkflowCreateModal } from '../workflow-designer/workflow-create-modal';
import { WorkflowImportButton } from '../workflow-designer/workflow-import-button';
import { WorkflowStatusTag } from '../workflow-designer/workflow-status-tag';

export default function WorkflowsPage() {
  const t = useDesignerT();
  const tShared = useT();
  const language = useLanguage();
  const navigate = useNavigate();
  const { institutionId = '' } = useParams();
  const workflows = useWorkflowDefinitions(institutionId);
  const [creating, setCreating] = useState(false);
  const takenKeys = useMemo(() => new Set((workflows.data ?? []).map((w) => w.key)), [workflows.data]);
  const open = (workflow: WorkflowView) =>
    navigate(`/institutions/${institutionId}/workflows/${workflow.id}`);

  const columns: TableColumnsType<WorkflowView> = [
    { title: t('key.label'), dataIndex: 'key', sorter: (a, b) => a.key.localeCompare(b.key) },
    { title: t('workflows.workflowTitle'), key: 'title', render: (_, w) => localisedName(w.title, language) },
    {
      title: t('workflows.size'),
      key: 'size',
      render: (_, w) => t('workflow.counts', { states: w.states.length, transitions: w.transitions.length }),
    },
    {
      title: t('workflows.status'),
      dataIndex: 'status',
      render: (status: WorkflowStatus) => <WorkflowStatusTag status={status} />,
    },
    {
      title: t('workflows.latestVersion'),
      dataIndex: 'latestVersion',
      render: (version: number | null) => (version === null ? t('workflows.noVersion') : `v${version}`),
    },
    {
      title: t('workflows.updatedAt'),
      dataIndex: 'updatedAt',
      render: (at: string) => formatDateTime(at),
      sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
      defaultSortOrder: 'descend',
    },
    {
      title: tShared('common.actions'),
      key: 'actions',
      render: (_, w) => (
        <Button type="link" size="small" onClick={() => open(w)} data-testid={`workflow-open-${w.key}`}>
          {t('workflows.open')}
        </Button>
      ),
    },
  ];

  return (
    <ListPage<WorkflowView>
      title={t('workflows.title')}
      titleLevel={4}
      createLabel={t('workflows.create')}
      createTestId="workflow-create"
      onCreate={() => setCreating(true)}
      query={workflows}
      columns={columns}
      tableTestId="workflows-table"
      actions={<WorkflowImportButton institutionId={institutionId} />}
    >
      <WorkflowCreateModal
        institutionId={institutionId}
        open={creating}
        onClose={() => setCreating(false)}
        takenKeys={takenKeys}
      />
    </ListPage>
  );
}
