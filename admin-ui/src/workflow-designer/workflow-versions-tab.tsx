import { LoadError } from '@rapport/ui-shared';
import { Alert, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useWorkflowVersions, type WorkflowVersionView } from '../api/workflows';
import { type Side, VersionsPanel, versionOptions } from '../document-shell/versions-panel';
import { useDesignerT } from './designer-messages';
import { diffWorkflows } from './diff-workflows';
import { WorkflowDiffView } from './workflow-diff-view';
import type { WorkflowDraft } from './workflow-draft';

/** The published versions, and what changed between any two of them or a version and the draft being edited. */
export function WorkflowVersionsTab({
  institutionId,
  workflowId,
  draft,
  dirty,
}: {
  institutionId: string;
  workflowId: string | undefined;
  draft: WorkflowDraft;
  dirty: boolean;
}) {
  const t = useDesignerT();
  const versions = useWorkflowVersions(institutionId, workflowId ?? '', workflowId !== undefined);
  const items = versions.data ?? [];
  const [from, setFrom] = useState<Side>();
  const [to, setTo] = useState<Side>('draft');
  const fromSide = from ?? items[0]?.version;
  const pick = (side: Side | undefined): WorkflowDraft | WorkflowVersionView | undefined =>
    side === 'draft' ? draft : items.find((v) => v.version === side);
  const before = pick(fromSide);
  const after = pick(to);
  const diff = useMemo(() => (before && after ? diffWorkflows(before, after) : undefined), [before, after]);
  const options = [{ value: 'draft' as const, label: t('versions.draft') }, ...versionOptions(items)];

  if (versions.isError) return <LoadError error={versions.error} onRetry={() => versions.refetch()} />;
  if (workflowId && versions.isPending) return <Spin />;
  return (
    <VersionsPanel
      testId="workflow-versions"
      versions={items}
      extraColumn={{
        title: t('versions.size'),
        key: 'size',
        render: (_, v) =>
          t('workflow.counts', { states: v.states.length, transitions: v.transitions.length }),
      }}
      from={{ value: fromSide, onChange: setFrom, options, width: 160, testId: 'workflow-diff-from' }}
      to={{ value: to, onChange: setTo, options, width: 160, testId: 'workflow-diff-to' }}
      notice={
        (to === 'draft' || fromSide === 'draft') && dirty ? (
          <Alert type="info" showIcon title={t('versions.draftUnsaved')} style={{ marginBottom: 8 }} />
        ) : null
      }
    >
      {diff ? <WorkflowDiffView diff={diff} /> : null}
    </VersionsPanel>
  );
}
