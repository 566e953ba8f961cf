import {
  type FormStatus,
  type FormSummary,
  formatDateTime,
  localisedName,
  useForms,
  useLanguage,
  useT,
} from '@rapport/ui-shared';
import { Button, type TableColumnsType, Tag } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ListPage } from '../components/list-page';
import { useBuilderT } from '../form-builder/builder-messages';
import { FormCreateModal } from '../form-builder/form-create-modal';
import { FormImportButton } from '../form-builder/form-import-button';
import { FormStatusTag } from '../form-builder/form-status-tag';

export default function FormsPage() {
  const t = useBuilderT();
  const tShared = useT();
  const language = useLanguage();
  const navigate = useNavigate();
  const { institutionId = '' } = useParams();
  const forms = useForms(institutionId);
  const [creating, setCreating] = useState(false);
  const open = (form: FormSummary) => navigate(`/institutions/${institutionId}/forms/${form.id}`);

  const columns: TableColumnsType<FormSummary> = [
    { title: t('forms.key'), dataIndex: 'key', sorter: (a, b) => a.key.localeCompare(b.key) },
    { title: t('forms.formTitle'), key: 'title', render: (_, form) => localisedName(form.title, language) },
    {
      title: t('forms.status'),
      dataIndex: 'status',
      render: (status: FormStatus, form) => (
        <>
          <FormStatusTag status={status} />
          {form.draftChanged ? <Tag color="gold">{t('forms.draftChanged')}</Tag> : null}
        </>
      ),
    },
    {
      title: t('forms.latestVersion'),
      dataIndex: 'latestVersion',
      render: (version: number | null) => (version === null ? t('forms.noVersion') : `v${version}`),
    },
    {
      title: t('forms.updatedAt'),
      dataIndex: 'updatedAt',
      render: (at: string) => formatDateTime(at),
      sorter: (a, b) => a.updatedAt.localeCompare(b.updatedAt),
      defaultSortOrder: 'descend',
    },
    {
      title: tShared('common.actions'),
      key: 'actions',
      render: (_, form) => (
        <Button type="link" size="small" onClick={() => open(form)} data-testid={`form-open-${form.key}`}>
          {t('forms.open')}
        </Button>
      ),
    },
  ];

  return (
    <ListPage<FormSummary>
      title={t('forms.title')}
      titleLevel={4}
      createLabel={t('forms.create')}
      createTestId="form-create"
      onCreate={() => setCreating(true)}
      query={forms}
      columns={columns}
      tableTestId="forms-table"
      actions={<FormImportButton institutionId={institutionId} />}
    >
      <FormCreateModal institutionId={institutionId} open={creating} onClose={() => setCreating(false)} />
    </ListPage>
  );
}
