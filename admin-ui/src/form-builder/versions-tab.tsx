import { LoadError, type Form as RapportFormRecord, useFormDiff } from '@rapport/ui-shared';
import { Alert, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useDocumentT } from '../document-shell/document-messages';
import { type Side, VersionsPanel, versionOptions } from '../document-shell/versions-panel';
import { useBuilderT } from './builder-messages';
import { DiffView } from './diff-view';

/** The form's published versions, and what changed between any two of them or the saved draft. */
export function VersionsTab({
  institutionId,
  form,
  dirty,
}: {
  institutionId: string;
  form: RapportFormRecord;
  dirty: boolean;
}) {
  const t = useBuilderT();
  const tDocument = useDocumentT();
  const versions = form.versions ?? [];
  const [from, setFrom] = useState<number | undefined>(versions[0]?.version);
  const [to, setTo] = useState<Side>('draft');
  // The server compares what it stores: the saved draft, not the edits made since.
  const diff = useFormDiff(institutionId, form.id, from, to);
  const options = versionOptions(versions);

  return (
    <VersionsPanel
      testId="versions-list"
      versions={versions}
      extraColumn={{
        title: 'hash',
        dataIndex: 'hash',
        render: (h: string) => <Typography.Text code>{h.slice(0, 12)}</Typography.Text>,
      }}
      from={{ value: from, onChange: setFrom, options, width: 120, testId: 'diff-from' }}
      to={{
        value: to,
        onChange: setTo,
        options: [{ value: 'draft', label: t('versions.draft') }, ...options],
        width: 200,
        testId: 'diff-to',
      }}
      notice={
        to === 'draft' && dirty ? (
          <Alert type="warning" showIcon title={tDocument('document.unsaved')} style={{ marginBottom: 8 }} />
        ) : null
      }
    >
      {diff.isError ? (
        <LoadError error={diff.error} onRetry={() => diff.refetch()} />
      ) : diff.data ? (
        <DiffView diff={diff.data} />
      ) : (
        <Spin />
      )}
    </VersionsPanel>
  );
}
