import { SettingOutlined } from '@ant-design/icons';
import {
  formsApi,
  isApiError,
  localisedName,
  type Form as RapportFormRecord,
  useLanguage,
  usePublishForm,
  useUpdateForm,
} from '@rapport/ui-shared';
import { App, Button } from 'antd';
import { useState } from 'react';
import type { FieldPath, FormDraft } from '../builder/form-draft';
import { useDocumentT } from '../document-shell/document-messages';
import { DocumentShell } from '../document-shell/document-shell';
import { useVersionedDocument } from '../document-shell/use-versioned-document';
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
  const tDocument = useDocumentT();
  const language = useLanguage();
  const { message } = App.useApp();
  const [selected, setSelected] = useState<FieldPath>();
  const [tab, setTab] = useState('design');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const update = useUpdateForm(institutionId);
  const publish = usePublishForm(institutionId);
  const doc = useVersionedDocument({
    document: form,
    initial: draftOf(form),
    draftOf,
    same,
    reload,
    onReset: () => setSelected(undefined),
    write: (draft, saved = form) =>
      update.mutateAsync({
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
      }),
    publish: (current) => publish.mutateAsync({ formId: current.id, rev: current.rev }),
    conflict: { title: t('builder.conflictTitle'), body: t('builder.conflictBody') },
    testIdPrefix: 'builder',
    explain: (error) => {
      if (!isApiError(error, 'FORMS_ERR_NOTHING_TO_PUBLISH')) return false;
      message.info(t('builder.nothingToPublish'));
      return true;
    },
    problemsOf: (error) => {
      const listed = toProblems(error);
      return listed.length > 0 ? <ProblemList problems={listed} testId="save-problems" /> : null;
    },
  });
  const { draft, edit, dirty } = doc;
  const saved = doc.saved ?? form;
  const problems = useLiveCheck(institutionId, draft);

  return (
    <DocumentShell
      testId="form-builder"
      testIdPrefix="builder"
      back={{ to: `/institutions/${institutionId}/forms`, label: t('forms.back'), testId: 'back-to-forms' }}
      title={localisedName(saved.title, language)}
      documentKey={saved.key}
      status={<FormStatusTag status={saved.status} />}
      version={saved.latestVersion}
      draftChanged={saved.draftChanged ? t('forms.draftChanged') : undefined}
      dirty={dirty}
      history={doc}
      actions={
        <Button
          icon={<SettingOutlined />}
          onClick={() => setSettingsOpen(true)}
          data-testid="builder-settings"
        >
          {t('builder.settings')}
        </Button>
      }
      exportButton={{
        label: t('builder.export'),
        testId: 'form-export',
        href: formsApi.exportUrl(institutionId, saved.id),
      }}
      onSave={doc.onSave}
      saving={update.isPending}
      onPublish={doc.publish}
      publishing={publish.isPending}
      tabTestIdPrefix="tab"
      activeTab={tab}
      onTabChange={setTab}
      destroyOnHidden
      tabs={[
        {
          key: 'design',
          label: tDocument('document.tab.design'),
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
        { key: 'preview', label: t('builder.tab.preview'), children: <PreviewTab draft={draft} /> },
        {
          key: 'json',
          label: t('builder.tab.json'),
          badge: problems.length,
          children: <JsonTab draft={draft} edit={edit} problems={problems} />,
        },
        {
          key: 'versions',
          label: tDocument('document.tab.versions'),
          children: <VersionsTab institutionId={institutionId} form={saved} dirty={dirty} />,
        },
        {
          key: 'submissions',
          label: t('builder.tab.submissions'),
          children: <SubmissionsTab institutionId={institutionId} formId={saved.id} />,
        },
      ]}
    >
      <FormSettingsModal
        institutionId={institutionId}
        form={saved}
        draft={draft}
        open={settingsOpen}
        onClose={() => setSettingsOpen(false)}
        onSaved={doc.setSaved}
        reload={doc.reloadFromServer}
      />
    </DocumentShell>
  );
}
