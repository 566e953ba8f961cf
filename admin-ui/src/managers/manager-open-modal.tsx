import { GRADES, type Grade } from '@rapport/schemas';
import { useLanguage } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Form, Input, Select } from 'antd';
import { useMemo } from 'react';
import { allManagersQuery, useCreateManager } from '../api/org';
import { usersQuery } from '../api/users';
import { FormModal } from '../components/form-modal';
import { useOrgT } from '../org/org-messages';
import { ProblemAlert } from '../org/problem-alert';
import { useProblemSave } from '../org/use-problem-save';
import { gradeLabel } from '../org/vocabulary-labels';
import { type ProfileForm, profileOf } from './manager-edit-modal';
import { ManagerProfileFields } from './manager-profile-fields';

interface OpenForm extends ProfileForm {
  userId: string;
  grade: Grade;
  reason?: string;
}

/** Opens a manager profile for a user with the manager role who has none yet. */
export function ManagerOpenModal({
  institutionId,
  open,
  onClose,
}: {
  institutionId: string;
  open: boolean;
  onClose: () => void;
}) {
  const t = useOrgT();
  const language = useLanguage();
  const [form] = Form.useForm<OpenForm>();
  const create = useCreateManager(institutionId);
  const { save, problems, close } = useProblemSave({ onClose });
  const users = useQuery({ ...usersQuery(institutionId), enabled: open });
  const profiles = useQuery({ ...allManagersQuery(institutionId), enabled: open });
  const candidates = useMemo(() => {
    const opened = new Set((profiles.data ?? []).map((m) => m.id));
    return (users.data ?? [])
      .filter((u) => u.role === 'manager' && !opened.has(u.id))
      .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }));
  }, [users.data, profiles.data]);
  const loading = users.isPending || profiles.isPending;

  const submit = ({ userId, grade, reason, ...profile }: OpenForm) =>
    save(async () => {
      const manager = await create.mutateAsync({
        userId,
        grade,
        ...profileOf(profile),
        ...(reason?.trim() ? { reason: reason.trim() } : {}),
      });
      return t('managers.opened', { name: manager.name });
    });

  return (
    <FormModal<OpenForm>
      open={open}
      title={t('managers.openTitle')}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={create.isPending}
      submitTestId="manager-open-submit"
      initialValues={{
        grade: 'trainee',
        teamRole: 'relationship-manager',
        industryGroups: [],
        certifications: [],
      }}
      autoComplete="off"
    >
      <ProblemAlert problems={problems} />
      {!loading && candidates.length === 0 ? (
        <Alert type="info" showIcon title={t('managers.noCandidates')} style={{ marginBottom: 16 }} />
      ) : null}
      <Form.Item
        name="userId"
        label={t('term.manager')}
        extra={t('managers.openHelp')}
        rules={[{ required: true, message: t('managers.userRequired') }]}
      >
        <Select
          data-testid="manager-open-user"
          showSearch={{ optionFilterProp: 'label' }}
          loading={loading}
          options={candidates}
        />
      </Form.Item>
      <Form.Item
        name="grade"
        label={t('term.grade')}
        rules={[{ required: true, message: t('managers.gradeRequired') }]}
      >
        <Select
          data-testid="manager-open-grade"
          options={GRADES.map((grade) => ({ value: grade, label: gradeLabel(grade, language) }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('managers.initialReason')}>
        <Input.TextArea
          maxLength={2000}
          autoSize={{ minRows: 1, maxRows: 4 }}
          data-testid="manager-open-reason"
        />
      </Form.Item>
      <ManagerProfileFields institutionId={institutionId} />
    </FormModal>
  );
}
