import { TEAM_ROLES } from '@rapport/schemas';
import { useLanguage } from '@rapport/ui-shared';
import { Form, Select } from 'antd';
import { useOrgT } from '../org/org-messages';
import { teamRoleLabel } from '../org/vocabulary-labels';
import { CertificationsField } from './certifications-field';
import { useSupervisors } from './use-supervisors';

/** Team role, supervisor, industry groups and certifications: what opening and editing a profile share. */
export function ManagerProfileFields({ institutionId }: { institutionId: string }) {
  const t = useOrgT();
  const language = useLanguage();
  const supervisors = useSupervisors(institutionId);
  return (
    <>
      <Form.Item
        name="teamRole"
        label={t('managers.teamRole')}
        rules={[{ required: true, message: t('managers.teamRoleRequired') }]}
      >
        <Select
          data-testid="manager-team-role"
          options={TEAM_ROLES.map((role) => ({ value: role, label: teamRoleLabel(role, language) }))}
        />
      </Form.Item>
      <Form.Item name="supervisorId" label={t('role.supervisor')}>
        <Select
          data-testid="manager-supervisor"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('managers.supervisorNone')}
          loading={supervisors.loading}
          options={supervisors.options}
        />
      </Form.Item>
      <Form.Item
        name="industryGroups"
        label={t('managers.industryGroups')}
        extra={t('managers.industryGroupsHelp')}
      >
        <Select mode="tags" open={false} suffixIcon={null} data-testid="manager-industry-groups" />
      </Form.Item>
      <CertificationsField />
    </>
  );
}
