import { LoadError, localisedName, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Flex, Space, Spin, Tag, Typography } from 'antd';
import { type ManagerView, managerQuery, type OrgUnitView } from '../api/org';
import { useOrgT } from '../org/org-messages';
import { teamRoleLabel } from '../org/vocabulary-labels';
import { GradeHistory } from './grade-history';
import { GradeTag } from './grade-tag';
import { useSupervisors } from './use-supervisors';

/** One manager's profile with their grade history, and the ways to change it. */
export function ManagerProfileDrawer({
  institutionId,
  managerId,
  units,
  onEdit,
  onChangeGrade,
  onClose,
}: {
  institutionId: string;
  managerId: string | undefined;
  units: readonly OrgUnitView[];
  onEdit: (manager: ManagerView) => void;
  onChangeGrade: (manager: ManagerView) => void;
  onClose: () => void;
}) {
  const t = useOrgT();
  const language = useLanguage();
  const supervisors = useSupervisors(institutionId);
  const manager = useQuery({ ...managerQuery(institutionId, managerId ?? ''), enabled: !!managerId });
  const m = manager.data;
  const unit = m?.orgUnitId ? units.find((u) => u.id === m.orgUnitId) : undefined;
  const none = <Typography.Text type="secondary">{t('managers.none')}</Typography.Text>;

  return (
    <Drawer
      open={managerId !== undefined}
      onClose={onClose}
      size={640}
      title={m ? t('managers.profileTitle', { name: m.name }) : ''}
      destroyOnHidden
      extra={
        m ? (
          <Space>
            <Button onClick={() => onEdit(m)} data-testid="profile-edit">
              {t('managers.edit')}
            </Button>
            <Button type="primary" onClick={() => onChangeGrade(m)} data-testid="profile-change-grade">
              {t('managers.changeGrade')}
            </Button>
          </Space>
        ) : null
      }
    >
      {manager.isError ? (
        <LoadError error={manager.error} onRetry={() => manager.refetch()} />
      ) : m ? (
        <div data-testid="manager-profile">
          <Descriptions
            size="small"
            column={1}
            bordered
            style={{ marginBottom: 24 }}
            items={[
              { key: 'email', label: t('managers.email'), children: m.email },
              {
                key: 'grade',
                label: t('term.grade'),
                children: (
                  <>
                    <span data-testid="profile-grade">
                      <GradeTag grade={m.grade} />
                    </span>
                    {m.disabled ? <Tag color="red">{t('managers.disabled')}</Tag> : null}
                  </>
                ),
              },
              {
                key: 'unit',
                label: t('managers.unit'),
                children: unit ? localisedName(unit.name, language) : t('org.unitNone'),
              },
              {
                key: 'teamRole',
                label: t('managers.teamRole'),
                children: teamRoleLabel(m.teamRole, language),
              },
              {
                key: 'supervisor',
                label: t('role.supervisor'),
                children: m.supervisorId ? (supervisors.nameOf.get(m.supervisorId) ?? m.supervisorId) : none,
              },
              {
                key: 'industryGroups',
                label: t('managers.industryGroups'),
                children:
                  m.industryGroups.length > 0 ? m.industryGroups.map((g) => <Tag key={g}>{g}</Tag>) : none,
              },
              {
                key: 'certifications',
                label: t('managers.certifications'),
                children:
                  m.certifications.length > 0 ? (
                    <Flex vertical gap={4}>
                      {m.certifications.map((c) => (
                        <span key={`${c.name}-${c.certifiedAt}`}>
                          {c.name} · {c.certifiedAt}
                          {c.score === undefined ? '' : ` · ${c.score}`}
                        </span>
                      ))}
                    </Flex>
                  ) : (
                    none
                  ),
              },
            ]}
          />
          <Typography.Title level={5}>{t('managers.history')}</Typography.Title>
          <GradeHistory history={m.gradeHistory} />
        </div>
      ) : (
        <Spin />
      )}
    </Drawer>
  );
}
