import type { TeamRole } from '@rapport/schemas';
import { useT } from '@rapport/ui-shared';
import { Form } from 'antd';
import { type ManagerView, useReloadManagers, useUpdateManager } from '../api/org';
import { FormModal } from '../components/form-modal';
import { useOrgT } from '../org/org-messages';
import { ProblemAlert } from '../org/problem-alert';
import { useProblemSave } from '../org/use-problem-save';
import { type CertificationRow, fromCertificationRow, toCertificationRow } from './certifications-field';
import { ManagerProfileFields } from './manager-profile-fields';

export interface ProfileForm {
  teamRole: TeamRole;
  supervisorId?: string | null;
  industryGroups?: string[];
  certifications?: CertificationRow[];
}

/** What the profile fields send, blanks trimmed away. */
export function profileOf(values: ProfileForm) {
  return {
    teamRole: values.teamRole,
    supervisorId: values.supervisorId ?? null,
    industryGroups: [...new Set((values.industryGroups ?? []).map((g) => g.trim()).filter((g) => g !== ''))],
    certifications: (values.certifications ?? []).map(fromCertificationRow),
  };
}

/** Changes a manager's team role, supervisor, industry groups and certifications. */
export function ManagerEditModal({
  institutionId,
  manager,
  onClose,
}: {
  institutionId: string;
  manager: ManagerView | undefined;
  onClose: () => void;
}) {
  const t = useOrgT();
  const tShared = useT();
  const [form] = Form.useForm<ProfileForm>();
  const update = useUpdateManager(institutionId);
  const reload = useReloadManagers(institutionId);
  const { save, problems, close } = useProblemSave({ onClose, reload });

  const submit = (values: ProfileForm) =>
    save(async () => {
      if (!manager) return '';
      await update.mutateAsync({ id: manager.id, patch: { rev: manager.rev, ...profileOf(values) } });
      return tShared('common.saved');
    });

  return (
    <FormModal<ProfileForm>
      open={manager !== undefined}
      title={manager ? t('managers.editTitle', { name: manager.name }) : ''}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={update.isPending}
      submitTestId="manager-edit-submit"
      initialValues={
        manager
          ? {
              teamRole: manager.teamRole,
              supervisorId: manager.supervisorId ?? undefined,
              industryGroups: manager.industryGroups,
              certifications: manager.certifications.map(toCertificationRow),
            }
          : {}
      }
      autoComplete="off"
    >
      <ProblemAlert problems={problems} />
      <ManagerProfileFields institutionId={institutionId} />
    </FormModal>
  );
}
