import type { Message } from '@rapport/schemas';
import { localisedName, useLanguage, useT } from '@rapport/ui-shared';
import { Form, Input } from 'antd';
import { type OrgUnitView, useReloadOrgUnits, useUpdateOrgUnit } from '../api/org';
import { FormModal } from '../components/form-modal';
import { useOrgT } from './org-messages';
import { ProblemAlert } from './problem-alert';
import { useProblemSave } from './use-problem-save';

/** Renames a unit in both languages; its code stays. */
export function OrgUnitRenameModal({
  institutionId,
  unit,
  onClose,
}: {
  institutionId: string;
  unit: OrgUnitView | undefined;
  onClose: () => void;
}) {
  const t = useOrgT();
  const tShared = useT();
  const language = useLanguage();
  const [form] = Form.useForm<{ name: Message }>();
  const update = useUpdateOrgUnit(institutionId);
  const reload = useReloadOrgUnits(institutionId);
  const { save, problems, close } = useProblemSave({ onClose, reload });

  const submit = ({ name }: { name: Message }) =>
    save(async () => {
      if (!unit) return '';
      await update.mutateAsync({
        id: unit.id,
        patch: { rev: unit.rev, name: { zh: name.zh.trim(), en: name.en.trim() } },
      });
      return tShared('common.saved');
    });

  return (
    <FormModal<{ name: Message }>
      open={unit !== undefined}
      title={unit ? t('org.renameTitle', { name: localisedName(unit.name, language) }) : ''}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={update.isPending}
      submitTestId="org-rename-submit"
      initialValues={unit ? { name: unit.name } : {}}
      autoComplete="off"
    >
      <ProblemAlert problems={problems} />
      <Form.Item
        name={['name', 'zh']}
        label={t('org.nameZh')}
        rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }]}
      >
        <Input maxLength={100} data-testid="org-rename-zh" />
      </Form.Item>
      <Form.Item
        name={['name', 'en']}
        label={t('org.nameEn')}
        rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }]}
      >
        <Input maxLength={100} data-testid="org-rename-en" />
      </Form.Item>
    </FormModal>
  );
}
