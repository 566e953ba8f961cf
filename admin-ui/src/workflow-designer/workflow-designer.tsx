import { UploadOutlined } from '@ant-design/icons';
import { isApiError, localisedName, useLanguage } from '@rapport/ui-shared';
import { App, Button, Modal, Tag, Tooltip } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  useCreateWorkflow,
  usePublishWorkflow,
  useUpdateWorkflow,
  useWorkflowVersions,
  type WorkflowView,
} from '../api/workflows';
import { useDocumentT } from '../document-shell/document-messages';
import { DocumentShell } from '../document-shell/document-shell';
import { JsonFilePicker } from '../document-shell/json-file-picker';
import { useVersionedDocument } from '../document-shell/use-versioned-document';
import { useDesignerT } from './designer-messages';
import { diffWorkflows, isEmptyDiff } from './diff-workflows';
import { downloadWorkflow } from './download-workflow';
import { parseWorkflowImport } from './parse-workflow-import';
import { useWorkflowCheck } from './use-workflow-check';
import { WorkflowDesignTab } from './workflow-design-tab';
import {
  contentOf,
  type Selection,
  sameDraft,
  type WorkflowDraft,
  type WorkflowProblem,
} from './workflow-draft';
import { WorkflowProblemList } from './workflow-problem-list';
import { WorkflowStatusTag } from './workflow-status-tag';
import { WorkflowVersionsTab } from './workflow-versions-tab';

const draftOf = (w: WorkflowView): WorkflowDraft => ({
  title: w.title,
  states: w.states,
  transitions: w.transitions,
});

function isProblem(value: unknown): value is WorkflowProblem {
  if (typeof value !== 'object' || value === null) return false;
  const { path, message } = value as { path?: unknown; message?: unknown };
  return (
    typeof path === 'string' &&
    (typeof message === 'string' || (typeof message === 'object' && message !== null))
  );
}

/** The problems a 400 lists, each message in both languages (the server may have localised it already). */
function problemsOf(error: unknown): WorkflowProblem[] {
  if (!isApiError(error, 'VALIDATION_ERROR') || !Array.isArray(error.details)) return [];
  return error.details.filter(isProblem).map((p) => ({
    path: p.path,
    message: typeof p.message === 'string' ? { zh: p.message, en: p.message } : p.message,
  }));
}

/**
 * The visual designer of one workflow: states and transitions on a canvas, the selected one's
 * properties beside it, every problem listed and marked on the graph; save, publish, import,
 * export and compare versions. A workflow not yet saved (`workflow` undefined) is created on save.
 */
export function WorkflowDesigner({
  institutionId,
  workflowKey,
  workflow,
  initial,
  reload,
}: {
  institutionId: string;
  workflowKey: string;
  workflow: WorkflowView | undefined;
  initial: WorkflowDraft;
  reload: () => Promise<WorkflowView | undefined>;
}) {
  const t = useDesignerT();
  const tDocument = useDocumentT();
  const language = useLanguage();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [selection, setSelection] = useState<Selection>();
  const [tab, setTab] = useState('design');
  const create = useCreateWorkflow(institutionId);
  const update = useUpdateWorkflow(institutionId);
  const publish = usePublishWorkflow(institutionId);
  const list = `/institutions/${institutionId}/workflows`;
  const doc = useVersionedDocument({
    document: workflow,
    initial,
    draftOf,
    same: sameDraft,
    reload,
    onReset: () => setSelection(undefined),
    write: (draft, saved) =>
      saved
        ? update.mutateAsync({
            workflowId: saved.id,
            update: {
              rev: saved.rev,
              title: draft.title,
              states: draft.states,
              transitions: draft.transitions,
            },
          })
        : create.mutateAsync(contentOf(workflowKey, draft)),
    onCreated: (created) => void navigate(`${list}/${created.id}`, { replace: true }),
    publish: (current) => publish.mutateAsync({ workflowId: current.id, rev: current.rev }),
    conflict: { title: t('designer.conflictTitle'), body: t('designer.conflictBody') },
    testIdPrefix: 'designer',
    explain: (error) => {
      if (!isApiError(error, 'WORKFLOWS_ERR_KEY_TAKEN')) return false;
      modal.error({
        title: t('designer.keyTaken', { key: workflowKey }),
        content: t('designer.keyTakenBody'),
      });
      return true;
    },
    problemsOf: (error) => {
      const listed = problemsOf(error);
      return listed.length > 0 ? (
        <WorkflowProblemList draft={draft} problems={listed} testId="designer-error-problems" />
      ) : null;
    },
    leaveGuard: { title: t('designer.leaveTitle'), body: t('designer.leaveBody'), ok: t('designer.leave') },
  });
  const { draft, edit, saved, dirty } = doc;
  const versions = useWorkflowVersions(institutionId, saved?.id ?? '', saved?.latestVersion != null);
  const problems = useWorkflowCheck(institutionId, workflowKey, draft);
  const latest = versions.data?.[0];
  const draftChanged = useMemo(
    () => (latest && saved ? !isEmptyDiff(diffWorkflows(latest, draftOf(saved))) : false),
    [latest, saved],
  );

  const onPublish = () => {
    if (problems.length > 0) {
      modal.error({
        title: t('designer.cannotPublish', { count: problems.length }),
        width: 640,
        content: (
          <WorkflowProblemList
            draft={draft}
            problems={problems}
            onSelect={(s) => {
              Modal.destroyAll();
              setTab('design');
              setSelection(s);
            }}
            testId="publish-problems"
          />
        ),
      });
      return;
    }
    if (!saved) {
      message.info(t('designer.saveFirst'));
      return;
    }
    void doc.publish();
  };

  const importFile = async (file: File) => {
    const parsed = parseWorkflowImport(await file.text());
    if ('problems' in parsed) {
      modal.error({
        title: t('import.failed', { name: file.name }),
        width: 640,
        content: (
          <WorkflowProblemList
            draft={{ ...draft, states: [], transitions: [] }}
            problems={parsed.problems}
            testId="import-problems"
          />
        ),
      });
      return;
    }
    const { key, ...content } = parsed.content;
    edit(content);
    setSelection(undefined);
    message.success(
      key === workflowKey ? t('import.replaced') : t('import.replacedOtherKey', { key, own: workflowKey }),
    );
  };

  return (
    <DocumentShell
      testId="workflow-designer"
      testIdPrefix="designer"
      back={{ to: list, label: t('workflows.back'), testId: 'back-to-workflows' }}
      title={localisedName(draft.title, language) || workflowKey}
      documentKey={workflowKey}
      status={
        saved ? <WorkflowStatusTag status={saved.status} /> : <Tag color="orange">{t('designer.new')}</Tag>
      }
      version={saved?.latestVersion}
      draftChanged={draftChanged ? t('workflows.draftChanged') : undefined}
      dirty={dirty}
      history={doc}
      actions={
        <JsonFilePicker onFile={(file) => void importFile(file)}>
          <Tooltip title={t('import.replaceHelp')}>
            <Button icon={<UploadOutlined />} data-testid="designer-import">
              {t('import.button')}
            </Button>
          </Tooltip>
        </JsonFilePicker>
      }
      exportButton={{
        label: t('designer.export'),
        testId: 'designer-export',
        onClick: () => downloadWorkflow(workflowKey, draft),
      }}
      onSave={doc.onSave}
      saving={create.isPending || update.isPending}
      onPublish={onPublish}
      publishing={publish.isPending}
      tabTestIdPrefix="designer-tab"
      activeTab={tab}
      onTabChange={setTab}
      tabs={[
        {
          key: 'design',
          label: tDocument('document.tab.design'),
          badge: problems.length,
          children: (
            <WorkflowDesignTab
              institutionId={institutionId}
              draft={draft}
              edit={edit}
              selection={selection}
              onSelect={setSelection}
              problems={problems}
            />
          ),
        },
        {
          key: 'versions',
          label: tDocument('document.tab.versions'),
          children: (
            <WorkflowVersionsTab
              institutionId={institutionId}
              workflowId={saved?.id}
              draft={draft}
              dirty={dirty}
            />
          ),
        },
      ]}
    />
  );
}
