import { type Institution, industryLabel, useApiErrorHandler, useT } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Popconfirm, Space, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAdminT } from '../admin-messages';
import { institutionsQuery, useReloadInstitutions, useUpdateInstitution } from '../api/institutions';
import { createdAtColumn } from '../components/created-at-column';
import { InstitutionFormModal } from '../components/institution-form-modal';
import { ListPage } from '../components/list-page';
import { statusColumn } from '../components/status-column';

type ModalState = { open: false } | { open: true; institution?: Institution };

export default function InstitutionsPage() {
  const t = useAdminT();
  const tShared = useT();
  const institutions = useQuery(institutionsQuery);
  const update = useUpdateInstitution();
  const reload = useReloadInstitutions();
  const onError = useApiErrorHandler();
  const [modal, setModal] = useState<ModalState>({ open: false });

  const toggleDisabled = (institution: Institution) =>
    update
      .mutateAsync({ id: institution.id, patch: { rev: institution.rev, disabled: !institution.disabled } })
      .catch((error: unknown) => onError(error, { onConflict: () => void reload() }));

  const columns: TableColumnsType<Institution> = [
    {
      title: t('institutions.code'),
      dataIndex: 'code',
      render: (code: string, institution) => (
        <Link to={`/institutions/${institution.id}/users`} data-testid={`institution-link-${code}`}>
          {code}
        </Link>
      ),
      sorter: (a, b) => a.code.localeCompare(b.code),
    },
    {
      title: t('institutions.nameZh'),
      key: 'nameZh',
      render: (_, institution) => (
        <Link to={`/institutions/${institution.id}/users`}>{institution.name.zh}</Link>
      ),
    },
    { title: t('institutions.nameEn'), key: 'nameEn', render: (_, institution) => institution.name.en },
    {
      title: t('institutions.industry'),
      dataIndex: 'industry',
      render: (industry: Institution['industry']) => industryLabel(tShared, industry),
    },
    statusColumn(tShared),
    { ...createdAtColumn(tShared), defaultSortOrder: 'descend' },
    {
      title: tShared('common.actions'),
      key: 'actions',
      render: (_, institution) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            onClick={() => setModal({ open: true, institution })}
            data-testid={`institution-edit-${institution.code}`}
          >
            {tShared('common.edit')}
          </Button>
          <Popconfirm
            title={t(institution.disabled ? 'institutions.enableConfirm' : 'institutions.disableConfirm', {
              name: institution.name.zh || institution.name.en,
            })}
            okText={tShared('common.confirm')}
            cancelText={tShared('common.cancel')}
            onConfirm={() => toggleDisabled(institution)}
          >
            <Button
              type="link"
              size="small"
              danger={!institution.disabled}
              data-testid={`institution-toggle-${institution.code}`}
            >
              {institution.disabled ? tShared('common.enable') : tShared('common.disable')}
            </Button>
          </Popconfirm>
          <Link
            to={`/institutions/${institution.id}/users`}
            data-testid={`institution-users-${institution.code}`}
            style={{ paddingInline: 8 }}
          >
            {t('institutions.users')}
          </Link>
          <Link
            to={`/institutions/${institution.id}/events`}
            data-testid={`institution-events-${institution.code}`}
            style={{ paddingInline: 8 }}
          >
            {t('institutions.events')}
          </Link>
        </Space>
      ),
    },
  ];

  return (
    <ListPage<Institution>
      title={t('institutions.title')}
      titleLevel={3}
      createLabel={t('institutions.create')}
      createTestId="institution-create"
      onCreate={() => setModal({ open: true })}
      query={institutions}
      columns={columns}
      tableTestId="institutions-table"
    >
      <InstitutionFormModal
        open={modal.open}
        institution={modal.open ? modal.institution : undefined}
        onClose={() => setModal({ open: false })}
      />
    </ListPage>
  );
}
