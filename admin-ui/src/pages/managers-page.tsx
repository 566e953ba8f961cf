import { PlusOutlined } from '@ant-design/icons';
import { GRADES, type Grade } from '@rapport/schemas';
import { LoadError, localisedName, useLanguage, useT } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Flex, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { type ManagerFilter, type ManagerView, managerPageQuery, orgUnitsQuery } from '../api/org';
import { GradeChangeModal } from '../managers/grade-change-modal';
import { GradeTag } from '../managers/grade-tag';
import { ManagerEditModal } from '../managers/manager-edit-modal';
import { ManagerOpenModal } from '../managers/manager-open-modal';
import { ManagerProfileDrawer } from '../managers/manager-profile-drawer';
import { useSupervisors } from '../managers/use-supervisors';
import { useOrgT } from '../org/org-messages';
import { UnitTreeSelect } from '../org/unit-tree-select';
import { useModalTarget } from '../org/use-modal-target';
import { gradeLabel, teamRoleLabel } from '../org/vocabulary-labels';

const PAGE_SIZE = 20;

export default function ManagersPage() {
  const t = useOrgT();
  const tShared = useT();
  const language = useLanguage();
  const { institutionId = '' } = useParams();
  const [filter, setFilter] = useState<ManagerFilter>({ page: 1, pageSize: PAGE_SIZE });
  const managers = useQuery(managerPageQuery(institutionId, filter));
  const units = useQuery(orgUnitsQuery(institutionId));
  const supervisors = useSupervisors(institutionId);
  const [opening, setOpening] = useState(false);
  const [profileId, setProfileId] = useState<string>();
  const editing = useModalTarget<ManagerView>();
  const changingGrade = useModalTarget<ManagerView>();
  const unitName = useMemo(
    () => new Map((units.data ?? []).map((u) => [u.id, localisedName(u.name, language)])),
    [units.data, language],
  );

  const refine = (changes: Partial<ManagerFilter>) => {
    const { orgUnitId, grade, ...rest } = { ...filter, ...changes, page: 1 };
    setFilter({ ...rest, ...(orgUnitId ? { orgUnitId } : {}), ...(grade ? { grade } : {}) });
  };

  const columns: TableColumnsType<ManagerView> = [
    {
      title: t('managers.name'),
      dataIndex: 'name',
      render: (name: string, m) => (
        <>
          {name}
          {m.disabled ? (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t('managers.disabled')}
            </Tag>
          ) : null}
        </>
      ),
    },
    { title: t('managers.email'), dataIndex: 'email' },
    {
      title: t('managers.unit'),
      dataIndex: 'orgUnitId',
      render: (id: string | null) =>
        id ? (
          (unitName.get(id) ?? id)
        ) : (
          <Typography.Text type="secondary">{t('org.unitNone')}</Typography.Text>
        ),
    },
    { title: t('term.grade'), dataIndex: 'grade', render: (grade: Grade) => <GradeTag grade={grade} /> },
    { title: t('managers.teamRole'), dataIndex: 'teamRole', render: (role) => teamRoleLabel(role, language) },
    {
      title: t('role.supervisor'),
      dataIndex: 'supervisorId',
      render: (id: string | null) => (id ? (supervisors.nameOf.get(id) ?? id) : '—'),
    },
    {
      title: t('managers.industryGroups'),
      dataIndex: 'industryGroups',
      render: (groups: string[]) => groups.map((g) => <Tag key={g}>{g}</Tag>),
    },
    {
      title: tShared('common.actions'),
      key: 'actions',
      render: (_, m) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            onClick={() => setProfileId(m.id)}
            data-testid={`manager-profile-${m.email}`}
          >
            {t('managers.profile')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => editing.open(m)}
            data-testid={`manager-edit-${m.email}`}
          >
            {t('managers.edit')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => changingGrade.open(m)}
            data-testid={`manager-change-grade-${m.email}`}
          >
            {t('managers.changeGrade')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {t('term.managers')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setOpening(true)}
          data-testid="manager-open"
        >
          {t('managers.open')}
        </Button>
      </Flex>
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <UnitTreeSelect
          institutionId={institutionId}
          value={filter.orgUnitId ?? null}
          onChange={(orgUnitId) => refine({ orgUnitId: orgUnitId ?? undefined })}
          placeholder={t('managers.allUnits')}
          testId="managers-filter-unit"
          style={{ width: 260 }}
        />
        <Select<Grade>
          allowClear
          value={filter.grade}
          onChange={(grade) => refine({ grade })}
          placeholder={t('managers.allGrades')}
          options={GRADES.map((grade) => ({ value: grade, label: gradeLabel(grade, language) }))}
          data-testid="managers-filter-grade"
          style={{ width: 200 }}
        />
      </Flex>
      {managers.isError ? (
        <LoadError error={managers.error} onRetry={() => managers.refetch()} />
      ) : (
        <div data-testid="managers-table">
          <Table<ManagerView>
            rowKey="id"
            columns={columns}
            dataSource={managers.data?.items ?? []}
            loading={managers.isFetching}
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: managers.data?.total ?? 0,
              showTotal: (total) => t('managers.total', { total }),
              onChange: (page, pageSize) => setFilter({ ...filter, page, pageSize }),
            }}
            scroll={{ x: 'max-content' }}
          />
        </div>
      )}
      <ManagerOpenModal institutionId={institutionId} open={opening} onClose={() => setOpening(false)} />
      <ManagerProfileDrawer
        institutionId={institutionId}
        managerId={profileId}
        units={units.data ?? []}
        onEdit={editing.open}
        onChangeGrade={changingGrade.open}
        onClose={() => setProfileId(undefined)}
      />
      <ManagerEditModal
        key={`edit-${editing.key}`}
        institutionId={institutionId}
        manager={editing.target}
        onClose={editing.close}
      />
      <GradeChangeModal
        key={`grade-${changingGrade.key}`}
        institutionId={institutionId}
        manager={changingGrade.target}
        onClose={changingGrade.close}
      />
    </>
  );
}
