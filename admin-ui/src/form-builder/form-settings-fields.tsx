import { INSTITUTION_ROLES, READ_SCOPES } from '@rapport/schemas';
import { roleLabel, useT } from '@rapport/ui-shared';
import { Form, Input, Select } from 'antd';
import { useBuilderT } from './builder-messages';

/** The test ids each modal gives its inputs; the selects carry one only where a modal asks for it. */
export interface FormSettingsTestIds {
  titleZh: string;
  titleEn: string;
  fillRoles?: string;
  readScope?: string;
}

/**
 * A form's settings as form items: titles (zh/en), optionally descriptions (zh/en), who fills it and
 * who reads its submissions. Rendered inside an antd Form whose values hold `title`, `description`,
 * `fillRoles` and `readScope`.
 */
export function FormSettingsFields({
  testIds,
  withDescription = false,
}: {
  testIds: FormSettingsTestIds;
  withDescription?: boolean;
}) {
  const t = useBuilderT();
  const tShared = useT();
  return (
    <>
      <Form.Item
        name={['title', 'zh']}
        label={t('forms.titleZh')}
        rules={[{ required: true, whitespace: true, message: t('forms.titleRequired') }]}
      >
        <Input maxLength={200} data-testid={testIds.titleZh} />
      </Form.Item>
      <Form.Item
        name={['title', 'en']}
        label={t('forms.titleEn')}
        rules={[{ required: true, whitespace: true, message: t('forms.titleRequired') }]}
      >
        <Input maxLength={200} data-testid={testIds.titleEn} />
      </Form.Item>
      {withDescription ? (
        <>
          <Form.Item name={['description', 'zh']} label={t('forms.descriptionZh')}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name={['description', 'en']} label={t('forms.descriptionEn')}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 2 }} />
          </Form.Item>
        </>
      ) : null}
      <Form.Item
        name="fillRoles"
        label={t('forms.fillRoles')}
        rules={[{ required: true, message: t('forms.fillRolesRequired') }]}
      >
        <Select
          mode="multiple"
          data-testid={testIds.fillRoles}
          options={INSTITUTION_ROLES.map((role) => ({ value: role, label: roleLabel(tShared, role) }))}
        />
      </Form.Item>
      <Form.Item name="readScope" label={t('forms.readScope')}>
        <Select
          data-testid={testIds.readScope}
          options={READ_SCOPES.map((scope) => ({ value: scope, label: t(`forms.readScope.${scope}`) }))}
        />
      </Form.Item>
    </>
  );
}
