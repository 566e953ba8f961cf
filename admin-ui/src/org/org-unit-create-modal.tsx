import { type Message, ORG_UNIT_KINDS, type OrgUnitKind } from '@rapport/schemas';
import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Form, Input, Select } from 'antd';
import { type OrgUnitView, useCreateOrgUnit } from '../api/org';
import { FormModal } from '../components/form-modal';
import { useOrgT } from './org-messages';
import { ProblemAlert } from './problem-alert';
import { UnitTreeSelect } from './unit-tree-select';
import { useProblemSave } from './use-problem-save';
import { kindLabel } from './vocabulary-labels';

interface UnitForm {
  code: string;
  name: Message;
  kind: OrgUnitKind;
  parentId?: string | null;
}

/** The level just below `kind` (an outlet's children are outlets too; the server decides). */
function kindBelow(kind: OrgUnitKind): OrgUnitKind {
  return ORG_UNIT_KINDS[Math.min(ORG_UNIT_KINDS.indexOf(kind) + 1, ORG_UNIT_KINDS.length - 1)] as OrgUnitKind;
}

/**
 * Adds a unit: below `parent` when given, otherwise anywhere (the head office when the tree is empty).
 */
export function OrgUnitCreateModal({
  institutionId,
  open,
  parent,
  isEmpty,
  onClose,
}: {
  institutionId: string;
  open: boolean;
  parent: OrgUnitView | undefined;
  /** Without units, the first is the head office. */
  isEmpty: boolean;
  onClose: () => void;
}) {
  const t = useOrgT();
  const language = useLanguage();
  const [form] = Form.useForm<UnitForm>();
  const create = useCreateOrgUnit(institutionId);
  const { save, problems, close } = useProblemSave({ onClose });
  const kind = Form.useWatch('kind', form);

  const submit = (values: UnitForm) =>
    save(async () => {
      const unit = await create.mutateAsync({
        code: values.code.trim(),
        name: { zh: values.name.zh.trim(), en: values.name.en.trim() },
        kind: values.kind,
        parentId: values.kind === 'head-office' ? null : (values.parentId ?? null),
      });
      return t('org.created', { name: localisedName(unit.name, language) });
    });

  const initialKind: OrgUnitKind = parent ? kindBelow(parent.kind) : isEmpty ? 'head-office' : 'branch';
  return (
    <FormModal<UnitForm>
      open={open}
      title={
        parent ? t('org.addChildTitle', { name: localisedName(parent.name, language) }) : t('org.create')
      }
      form={form}
      onFinish={submit}
      onClose={close}
      saving={create.isPending}
      submitTestId="org-unit-submit"
      initialValues={{ kind: initialKind, parentId: parent?.id }}
      autoComplete="off"
    >
      <ProblemAlert problems={problems} />
      <Form.Item
        name="code"
        label={t('org.code')}
        extra={t('org.codeHelp')}
        rules={[
          { required: true, message: t('org.codeRequired') },
          { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, message: t('org.codeInvalid') },
        ]}
      >
        <Input maxLength={32} data-testid="org-unit-code" />
      </Form.Item>
      <Form.Item
        name={['name', 'zh']}
        label={t('org.nameZh')}
        rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }]}
      >
        <Input maxLength={100} data-testid="org-unit-name-zh" />
      </Form.Item>
      <Form.Item
        name={['name', 'en']}
        label={t('org.nameEn')}
        rules={[{ required: true, whitespace: true, message: t('org.nameRequired') }]}
      >
        <Input maxLength={100} data-testid="org-unit-name-en" />
      </Form.Item>
      <Form.Item
        name="kind"
        label={t('org.kind')}
        rules={[{ required: true, message: t('org.kindRequired') }]}
      >
        <Select
          data-testid="org-unit-kind"
          options={ORG_UNIT_KINDS.map((k) => ({ value: k, label: kindLabel(k, language) }))}
        />
      </Form.Item>
      {kind === 'head-office' ? null : (
        <Form.Item
          name="parentId"
          label={t('org.parent')}
          rules={[{ required: true, message: t('org.moveRequired') }]}
        >
          <UnitTreeSelect
            institutionId={institutionId}
            placeholder={t('org.parentPlaceholder')}
            testId="org-unit-parent"
          />
        </Form.Item>
      )}
    </FormModal>
  );
}
