import {
  ArrowLeftOutlined,
  CloudUploadOutlined,
  DownloadOutlined,
  PlusOutlined,
  RedoOutlined,
  SaveOutlined,
  UndoOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { isApiError, localisedName, useApiErrorHandler, useLanguage } from '@rapport/ui-shared';
import { App, Badge, Button, Card, Flex, Modal, Space, Tabs, Tag, Tooltip, Typography, Upload } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useBlocker, useNavigate } from 'react-router';
import {
  useCreateWorkflow,
  usePublishWorkflow,
  useUpdateWorkflow,
  useWorkflowVersions,
  type WorkflowView,
} from '../api/workflows';
import { useUndoHistory } from '../components/use-undo-history';
import { addState } from './add-state';
import { useDesignerT } from './designer-messages';
import { diffWorkflows, isEmptyDiff } from './diff-workflows';
import { downloadWorkflow } from './download-workflow';
import { parseWorkflowImport } from './parse-workflow-import';
import { problemTargets } from './problem-targets';
import { StatePanel } from './state-panel';
import { testId } from './test-id';
import { TransitionPanel } from './transition-panel';
import { useWorkflowCheck } from './use-workflow-check';
import { WorkflowCanvas } from './workflow-canvas';
import {
  contentOf,
  type Selection,
  sameDraft,
  type WorkflowDraft,
  type WorkflowProblem,
} from './workflow-draft';
import { WorkflowPanel } from './workflow-panel';
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
  const language = useLanguage();
  const { message, modal } = App.useApp();
  const onError = useApiErrorHandler();
  const navigate = useNavigate();
  const { draft, edit, undo, redo, reset, canUndo, canRedo } = useUndoHistory(initial);
  const [saved, setSaved] = useState<WorkflowView | undefined>(workflow);
  const [selection, setSelection] = useState<Selection>();
  const [tab, setTab] = useState('design');
  const create = useCreateWorkflow(institutionId);
  const update = useUpdateWorkflow(institutionId);
  const publish = usePublishWorkflow(institutionId);
  const versions = useWorkflowVersions(institutionId, saved?.id ?? '', saved?.latestVersion != null);
  const problems = useWorkflowCheck(institutionId, workflowKey, draft);
  const targets = useMemo(() => problemTargets(problems), [problems]);
  const dirty = useMemo(() => !saved || !sameDraft(draft, draftOf(saved)), [draft, saved]);
  const latest = versions.data?.[0];
  const draftChanged = useMemo(
    () => (latest && saved ? !isEmptyDiff(diffWorkflows(latest, draftOf(saved))) : false),
    [latest, saved],
  );
  const list = `/institutions/${institutionId}/workflows`;
  // Set just before leaving on purpose (after creating), so the unsaved-changes guard lets the navigation through.
  const leaving = useRef(false);

  useEffect(() => {
    if (workflow && saved && workflow.rev > saved.rev) setSaved(workflow);
  }, [workflow, saved]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname,
  );
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: t('designer.leaveTitle'),
      content: t('designer.leaveBody'),
      okText: t('designer.leave'),
      okButtonProps: { danger: true, ...testId('designer-leave') },
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, t]);

  const reloadFromServer = async () => {
    const fresh = await reload();
    if (!fresh) return;
    setSaved(fresh);
    reset(draftOf(fresh));
    setSelection(undefined);
  };

  const reportError = (error: unknown) => {
    if (isApiError(error, 'ERR_CONFLICT')) {
      modal.confirm({
        title: t('designer.conflictTitle'),
        content: t('designer.conflictBody'),
        okText: t('designer.reload'),
        okButtonProps: testId('designer-conflict-reload'),
        onOk: reloadFromServer,
      });
      return;
    }
    if (isApiError(error, 'WORKFLOWS_ERR_KEY_TAKEN')) {
      modal.error({
        title: t('designer.keyTaken', { key: workflowKey }),
        content: t('designer.keyTakenBody'),
      });
      return;
    }
    const listed = problemsOf(error);
    if (listed.length > 0) {
      modal.error({
        title: error instanceof Error ? error.message : '',
        width: 640,
        content: <WorkflowProblemList draft={draft} problems={listed} testId="designer-error-problems" />,
      });
      return;
    }
    onError(error);
  };

  const save = async (): Promise<WorkflowView | undefined> => {
    try {
      if (!saved) {
        const created = await create.mutateAsync(contentOf(workflowKey, draft));
        leaving.current = true;
        void navigate(`${list}/${created.id}`, { replace: true });
        return created;
      }
      const next = await update.mutateAsync({
        workflowId: saved.id,
        update: { rev: saved.rev, title: draft.title, states: draft.states, transitions: draft.transitions },
      });
      setSaved(next);
      return next;
    } catch (error) {
      reportError(error);
      return undefined;
    }
  };

  const onSave = async () => {
    if (await save()) message.success(t('designer.saved'));
  };

  const onPublish = async () => {
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
    const current = dirty ? await save() : saved;
    if (!current) return;
    try {
      const next = await publish.mutateAsync({ workflowId: current.id, rev: current.rev });
      setSaved(next);
      message.success(t('designer.published', { version: next.latestVersion ?? '' }));
    } catch (error) {
      reportError(error);
    }
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

  const onAddState = () => {
    const added = addState(draft);
    edit(added.draft);
    setSelection({ kind: 'state', index: added.index });
  };

  const selected =
    selection && (selection.kind === 'state' ? draft.states : draft.transitions)[selection.index]
      ? selection
      : undefined;
  const panel =
    selected?.kind === 'state' ? (
      <StatePanel
        key={`state-${selected.index}`}
        institutionId={institutionId}
        draft={draft}
        index={selected.index}
        edit={edit}
        onSelect={setSelection}
        problems={targets.states.get(selected.index) ?? []}
      />
    ) : selected?.kind === 'transition' ? (
      <TransitionPanel
        key={`transition-${selected.index}`}
        institutionId={institutionId}
        draft={draft}
        index={selected.index}
        edit={edit}
        onSelect={setSelection}
        problems={targets.transitions.get(selected.index) ?? []}
      />
    ) : (
      <WorkflowPanel draft={draft} edit={edit} />
    );

  const tabLabel = (key: string, text: string, extra?: React.ReactNode) => (
    <span data-testid={`designer-tab-${key}`}>
      {text}
      {extra}
    </span>
  );

  return (
    <div data-testid="workflow-designer">
      <Link to={list} data-testid="back-to-workflows">
        <ArrowLeftOutlined /> {t('workflows.back')}
      </Link>
      <Flex align="center" justify="space-between" wrap gap={8} style={{ margin: '8px 0' }}>
        <Space align="center" wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="designer-title">
            {localisedName(draft.title, language) || workflowKey}
          </Typography.Title>
          <Tag>{workflowKey}</Tag>
          {saved ? (
            <WorkflowStatusTag status={saved.status} />
          ) : (
            <Tag color="orange">{t('designer.new')}</Tag>
          )}
          {saved?.latestVersion != null ? (
            <Tag data-testid="designer-version">v{saved.latestVersion}</Tag>
          ) : null}
          {draftChanged ? <Tag color="gold">{t('workflows.draftChanged')}</Tag> : null}
          {dirty ? (
            <Tag color="orange" data-testid="designer-dirty">
              {t('designer.unsaved')}
            </Tag>
          ) : null}
        </Space>
        <Space wrap>
          <Tooltip title={`${t('designer.undo')} (Ctrl+Z)`}>
            <Button
              icon={<UndoOutlined />}
              disabled={!canUndo}
              onClick={undo}
              aria-label={t('designer.undo')}
              data-testid="designer-undo"
            />
          </Tooltip>
          <Tooltip title={`${t('designer.redo')} (Ctrl+Shift+Z)`}>
            <Button
              icon={<RedoOutlined />}
              disabled={!canRedo}
              onClick={redo}
              aria-label={t('designer.redo')}
              data-testid="designer-redo"
            />
          </Tooltip>
          <Upload
            accept=".json,application/json"
            showUploadList={false}
            beforeUpload={(file) => {
              void importFile(file);
              return false;
            }}
          >
            <Tooltip title={t('import.replaceHelp')}>
              <Button icon={<UploadOutlined />} data-testid="designer-import">
                {t('import.button')}
              </Button>
            </Tooltip>
          </Upload>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => downloadWorkflow(workflowKey, draft)}
            data-testid="designer-export"
          >
            {t('designer.export')}
          </Button>
          <Button
            icon={<SaveOutlined />}
            onClick={onSave}
            loading={create.isPending || update.isPending}
            disabled={!dirty}
            data-testid="designer-save"
          >
            {t('designer.save')}
          </Button>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            onClick={onPublish}
            loading={publish.isPending}
            data-testid="designer-publish"
          >
            {t('designer.publish')}
          </Button>
        </Space>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'design',
            label: tabLabel(
              'design',
              t('designer.tab.design'),
              problems.length > 0 ? <Badge count={problems.length} size="small" offset={[4, -8]} /> : null,
            ),
            children: (
              <Flex vertical gap={12}>
                <Flex gap={12} align="stretch">
                  <Card
                    size="small"
                    style={{ flex: 1, minWidth: 0 }}
                    styles={{ body: { padding: 0, height: 520 } }}
                    title={
                      <Flex align="center" gap={12}>
                        <Button
                          type="primary"
                          ghost
                          icon={<PlusOutlined />}
                          onClick={onAddState}
                          data-testid="designer-add-state"
                        >
                          {t('designer.addState')}
                        </Button>
                        <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 12 }}>
                          {t('designer.drawHint')}
                        </Typography.Text>
                      </Flex>
                    }
                  >
                    <WorkflowCanvas
                      draft={draft}
                      edit={edit}
                      selection={selected}
                      onSelect={setSelection}
                      targets={targets}
                    />
                  </Card>
                  <Card
                    size="small"
                    style={{ width: 360, flexShrink: 0 }}
                    styles={{ body: { maxHeight: 560, overflowY: 'auto' } }}
                  >
                    {panel}
                  </Card>
                </Flex>
                <Card size="small" title={t('problems.title')}>
                  <WorkflowProblemList
                    draft={draft}
                    problems={problems}
                    onSelect={setSelection}
                    testId="workflow-problems"
                  />
                </Card>
              </Flex>
            ),
          },
          {
            key: 'versions',
            label: tabLabel('versions', t('designer.tab.versions')),
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
    </div>
  );
}
