import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Form } from 'antd';
import { useMemo } from 'react';
import { type OrgUnitView, useReloadOrgUnits, useUpdateOrgUnit } from '../api/org';
import { FormModal } from '../components/form-modal';
import { useOrgT } from './org-messages';
import { ProblemAlert } from './problem-alert';
import { subtreeIds } from './unit-tree';
import { UnitTreeSelect } from './unit-tree-select';
import { useProblemSave } from './use-problem-save';

/** Moves a unit, with everything below it, under another parent. */
export function OrgUnitMoveModal({
  institutionId,
  unit,
  units,
  onClose,
}: {
  institutionId: string;
  unit: OrgUnitView | undefined;
  units: readonly OrgUnitView[];
  onClose: () => void;
}) {
  const t = useOrgT();
  const language = useLanguage();
  const [form] = Form.useForm<{ parentId: string }>();
  const update = useUpdateOrgUnit(institutionId);
  const reload = useReloadOrgUnits(institutionId);
  const { save, problems, close } = useProblemSave({ onClose, reload });
  // A unit cannot go under itself or below itself; the server says so too, but why offer it.
  const below = useMemo(() => (unit ? subtreeIds(units, unit.id) : new Set<string>()), [unit, units]);

  const submit = ({ parentId }: { parentId: string }) =>
    save(async () => {
      if (!unit) return '';
      await update.mutateAsync({ id: unit.id, patch: { rev: unit.rev, parentId } });
      return t('org.moved', { name: localisedName(unit.name, language) });
    });

  return (
    <FormModal<{ parentId: string }>
      open={unit !== undefined}
      title={unit ? t('org.moveTitle', { name: localisedName(unit.name, language) }) : ''}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={update.isPending}
      submitTestId="org-move-submit"
      initialValues={unit?.parentId ? { parentId: unit.parentId } : {}}
    >
      <ProblemAlert problems={problems} />
      <Form.Item
        name="parentId"
        label={t('org.parent')}
        extra={t('org.moveHelp')}
        rules={[{ required: true, message: t('org.moveRequired') }]}
      >
        <UnitTreeSelect
          institutionId={institutionId}
          disabledIds={below}
          allowClear={false}
          placeholder={t('org.parentPlaceholder')}
          testId="org-move-parent"
        />
      </Form.Item>
    </FormModal>
  );
}
