import { PlusOutlined } from '@ant-design/icons';
import { LoadError, localisedName, useApiErrorHandler, useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Spin, Typography } from 'antd';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { type OrgUnitView, orgUnitsQuery, useReloadOrgUnits, useRemoveOrgUnit } from '../api/org';
import { usersQuery } from '../api/users';
import { useOrgT } from '../org/org-messages';
import { OrgTree } from '../org/org-tree';
import { OrgUnitCreateModal } from '../org/org-unit-create-modal';
import { OrgUnitMoveModal } from '../org/org-unit-move-modal';
import { OrgUnitRenameModal } from '../org/org-unit-rename-modal';
import { useModalTarget } from '../org/use-modal-target';
import { problemsOf } from '../org/use-problem-save';

export default function OrgPage() {
  const t = useOrgT();
  const language = useLanguage();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const { institutionId = '' } = useParams();
  const units = useQuery(orgUnitsQuery(institutionId));
  const users = useQuery(usersQuery(institutionId));
  const remove = useRemoveOrgUnit(institutionId);
  const reload = useReloadOrgUnits(institutionId);
  // Opened with no parent: a unit placed by hand (or the head office, in an empty tree).
  const creating = useModalTarget<{ parent?: OrgUnitView }>();
  const renaming = useModalTarget<OrgUnitView>();
  const moving = useModalTarget<OrgUnitView>();

  const people = useMemo(() => {
    const counts = new Map<string, number>();
    for (const user of users.data ?? []) {
      if (user.orgUnitId) counts.set(user.orgUnitId, (counts.get(user.orgUnitId) ?? 0) + 1);
    }
    return counts;
  }, [users.data]);

  const removeUnit = (unit: OrgUnitView) =>
    remove
      .mutateAsync(unit)
      .then(() => message.success(t('org.removed', { name: localisedName(unit.name, language) })))
      .catch((error: unknown) => {
        // "Not empty" and the like are refusals to read, not failures: say exactly what the server said.
        const refused = problemsOf(error);
        if (refused.length > 0) message.error(refused.join(' '));
        else onError(error, { onConflict: () => void reload() });
      });

  const list = units.data ?? [];
  const isEmpty = units.isSuccess && list.length === 0;
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="page-title">
          {t('org.title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => creating.open({})}
          data-testid="org-create"
        >
          {isEmpty ? t('org.createHeadOffice') : t('org.create')}
        </Button>
      </Flex>
      {units.isError ? (
        <LoadError error={units.error} onRetry={() => units.refetch()} />
      ) : (
        <Card data-testid="org-tree">
          {units.isPending ? (
            <Spin />
          ) : isEmpty ? (
            <Empty description={t('org.empty')} />
          ) : (
            <OrgTree
              units={list}
              people={people}
              onAddChild={(parent) => creating.open({ parent })}
              onRename={renaming.open}
              onMove={moving.open}
              onRemove={removeUnit}
            />
          )}
        </Card>
      )}
      <OrgUnitCreateModal
        key={`create-${creating.key}`}
        institutionId={institutionId}
        open={creating.target !== undefined}
        parent={creating.target?.parent}
        isEmpty={isEmpty}
        onClose={creating.close}
      />
      <OrgUnitRenameModal
        key={`rename-${renaming.key}`}
        institutionId={institutionId}
        unit={renaming.target}
        onClose={renaming.close}
      />
      <OrgUnitMoveModal
        key={`move-${moving.key}`}
        institutionId={institutionId}
        unit={moving.target}
        units={list}
        onClose={moving.close}
      />
    </>
  );
}
