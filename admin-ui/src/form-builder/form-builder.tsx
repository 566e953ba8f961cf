import {
  ArrowLeftOutlined,
  CloudUploadOutlined,
  DownloadOutlined,
  RedoOutlined,
  SaveOutlined,
  SettingOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import {
  formsApi,
  isApiError,
  localisedName,
  type Form as RapportFormRecord,
  useApiErrorHandler,
  useLanguage,
  usePublishForm,
  useUpdateForm,
} from '@rapport/ui-shared';
import { App, Badge, Button, Flex, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { FieldPath, FormDraft } from '../builder/form-draft';
import { useUndoHistory } from '../components/use-undo-history';
import { useBuilderT } from './builder-messages';
import { DesignTab } from './design-tab';
import { FormSettingsModal } from './form-settings-modal';
import { FormStatusTag } from './form-status-tag';
import { JsonTab } from './json-tab';
import { PreviewTab } from './preview-tab';
import { ProblemList, toProblems } from './problem-list';
import { SubmissionsTab } from './submissions-tab';
import { useLiveCheck } from './use-live-check';
import { VersionsTab } from './versions-tab';

const draftOf = (form: RapportFormRecord): FormDraft => ({ schema: form.schema, uiSchema: form.uiSchema });
const same = (a: FormDraft, b: FormDraft) => JSON.stringify(a) === JSON.stringify(b);

/** The no-code builder of one form: design, preview, JSON, versions and submissions. */
export function FormBuilder({
  institutionId,
  form,
  reload,
}: {
  institutionId: string;
  form: RapportFormRecord;
  reload: () => Promise<RapportFormRecord | undefined>;
}) {
  const t = useBuilderT();
  const language = useLanguage();
  const { message, modal } = App.useApp();
  const onError = useApiErrorHandler();
  const history = useUndoHistory(draftOf(form));
  const { draft, edit, undo, redo, reset, canUndo, canRedo } = history;
  const [saved, setSaved] = useState<RapportFormRecord>(form);
  const [selected, setSelected] = useState<FieldPath>();
  const [tab, setTab] = useState('design');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const update = useUpdateForm(institutionId);
  const publish = usePublishForm(institutionId);
  const problems = useLiveCheck(institutionId, draft);
  const dirty = useMemo(() => !same(draft, draftOf(saved)), [draft, saved]);
  const base = `/institutions/${institutionId}/forms`;

  // A newer copy from the server (another tab's save, a reload) replaces the baseline; unsaved edits stay.
  useEffect(() => {
    if (form.rev > saved.rev) setSaved(form);
  }, [form, saved.rev]);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const reloadFromServer = async () => {
    const fresh = await reload();
    if (!fresh) return;
    setSaved(fresh);
    reset(draftOf(fresh));
    setSelected(undefined);
  };

  const onConflict = () =>
    modal.confirm({
      title: t('builder.conflictTitle'),
      content: t('builder.conflictBody'),
      okText: t('builder.reload'),
      okButtonProps: { 'data-testid': 'builder-conflict-reload' } as Record<`data-${string}`, string>,
      onOk: reloadFromServer,
    });

  const reportError = (error: unknown) => {
    if (isApiError(error, 'ERR_CONFLICT')) {
      onConflict();
      return;
    }
    const listed = toProblems(error);
    if (listed.length > 0) {
      modal.error({
        title: error instanceof Error ? error.message : '',
        width: 640,
        content: <ProblemList problems={listed} testId="save-problems" />,
      });
      return;
    }
    onError(error);
  };

  const save = async (): Promise<RapportFormRecord | undefined> => {
    try {
      const next = await update.mutateAsync({
        formId: saved.id,
        update: {
          rev: saved.rev,
          title: saved.title,
          description: saved.description,
          fillRoles: saved.fillRoles,
          readScope: saved.readScope,
          schema: draft.schema,
          uiSchema: draft.uiSchema,
        },
      });
      setSaved(next);
      return next;
    } catch (error) {
      reportError(error);
      return undefined;
    }
  };

  const onSave = async () => {
    if (await save()) message.success(t('builder.saved'));
  };

  const onPublish = async () => {
    const current = dirty ? await save() : saved;
    if (!current) return;
    try {
      const next = await publish.mutateAsync({ formId: current.id, rev: current.rev });
      setSaved(next);
      message.success(t('builder.published', { version: next.latestVersion ?? '' }));
    } catch (error) {
      if (isApiError(error, 'FORMS_ERR_NOTHING_TO_PUBLISH')) message.info(t('builder.nothingToPublish'));
      else reportError(error);
    }
  };

  const tabLabel = (key: string, text: string, extra?: React.ReactNode) => (
    <span data-testid={`tab-${key}`}>
      {text}
      {extra}
    </span>
  );

  return (
    <div data-testid="form-builder">
      <Link to={base} data-testid="back-to-forms">
        <ArrowLeftOutlined /> {t('forms.back')}
      </Link>
      <Flex align="center" justify="space-between" wrap gap={8} style={{ margin: '8px 0' }}>
        <Space align="center">
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="builder-title">
            {localisedName(saved.title, language)}
          </Typography.Title>
          <Tag>{saved.key}</Tag>
          <FormStatusTag status={saved.status} />
          {saved.latestVersion !== null ? <Tag>v{saved.latestVersion}</Tag> : null}
          {saved.draftChanged ? <Tag color="gold">{t('forms.draftChanged')}</Tag> : null}
          {dirty ? (
            <Tag color="orange" data-testid="builder-dirty">
              {t('builder.unsaved')}
            </Tag>
          ) : null}
        </Space>
        <Space wrap>
          <Tooltip title={`${t('builder.undo')} (Ctrl+Z)`}>
            <Button
              icon={<UndoOutlined />}
              disabled={!canUndo}
              onClick={undo}
              data-testid="builder-undo"
              aria-label={t('builder.undo')}
            />
          </Tooltip>
          <Tooltip title={`${t('builder.redo')} (Ctrl+Shift+Z)`}>
            <Button
              icon={<RedoOutlined />}
              disabled={!canRedo}
              onClick={redo}
              data-testid="builder-redo"
              aria-label={t('builder.redo')}
            />
          </Tooltip>
          <Button
            icon={<SettingOutlined />}
            onClick={() => setSettingsOpen(true)}
            data-testid="builder-settings"
          >
            {t('builder.settings')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={formsApi.exportUrl(institutionId, saved.id)}
            data-testid="form-export"
          >
            {t('builder.export')}
          </Button>
          <Button
            icon={<SaveOutlined />}
            onClick={onSave}
            loading={update.isPending}
            disabled={!dirty}
            data-testid="builder-save"
          >
            {t('builder.save')}
          </Button>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            onClick={onPublish}
            loading={publish.isPending}
            data-testid="builder-publish"
          >
            {t('builder.publish')}
          </Button>
        </Space>
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'design',
            label: tabLabel('design', t('builder.tab.design')),
            children: (
              <DesignTab
                draft={draft}
                edit={edit}
                selected={selected}
                onSelect={setSelected}
                problems={problems}
              />
            ),
          },
          {
            key: 'preview',
            label: tabLabel('preview', t('builder.tab.preview')),
            children: <PreviewTab draft={draft} />,
          },
          {
            key: 'json',
            label: tabLabel(
              'json',
              t('builder.tab.json'),
              problems.length > 0 ? <Badge count={problems.length} size="small" offset={[4, -8]} /> : null,
            ),
            children: <JsonTab draft={draft} edit={edit} problems={problems} />,
          },
          {
            key: 'versions',
            label: tabLabel('versions', t('builder.tab.versions')),
            children: <VersionsTab institutionId={institutionId} form={saved} dirty={dirty} />,
          },
          {
            key: 'submissions',
            label: tabLabel('submissions', t('builder.tab.submissions')),
            children: <SubmissionsTab institutionId={institutionId} formId={saved.id} />,
          },
        ]}
        destroyOnHidden
      />
      <FormSettingsModal
        institutionId={institutionId}
        form={saved}
        draft={draft}
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        onSaved={setSaved}
        reload={reloadFromServer}
      />
    </div>
  );
}
