import { GRADES, type Grade } from '@rapport/schemas';
import { useLanguage } from '@rapport/ui-shared';
import { Form, Input, Select } from 'antd';
import { type ManagerView, useChangeGrade, useReloadManagers } from '../api/org';
import { FormModal } from '../components/form-modal';
import { useOrgT } from '../org/org-messages';
import { ProblemAlert } from '../org/problem-alert';
import { useProblemSave } from '../org/use-problem-save';
import { gradeLabel } from '../org/vocabulary-labels';

interface GradeForm {
  grade: Grade;
  reason: string;
}

/** Moves a manager to another grade; the reason is required and kept in their grade history. */
export function GradeChangeModal({
  institutionId,
  manager,
  onClose,
}: {
  institutionId: string;
  manager: ManagerView | undefined;
  onClose: () => void;
}) {
  const t = useOrgT();
  const language = useLanguage();
  const [form] = Form.useForm<GradeForm>();
  const change = useChangeGrade(institutionId);
  const reload = useReloadManagers(institutionId);
  const { save, problems, close } = useProblemSave({ onClose, reload });

  const submit = ({ grade, reason }: GradeForm) =>
    save(async () => {
      if (!manager) return '';
      await change.mutateAsync({
        id: manager.id,
        change: { rev: manager.rev, grade, reason: reason.trim() },
      });
      return t('managers.gradeChanged', { name: manager.name, grade: gradeLabel(grade, language) });
    });

  return (
    <FormModal<GradeForm>
      open={manager !== undefined}
      title={manager ? t('managers.changeGradeTitle', { name: manager.name }) : ''}
      form={form}
      onFinish={submit}
      onClose={close}
      saving={change.isPending}
      submitTestId="grade-change-submit"
      autoComplete="off"
    >
      <ProblemAlert problems={problems} />
      <Form.Item
        name="grade"
        label={t('managers.newGrade')}
        rules={[{ required: true, message: t('managers.gradeRequired') }]}
      >
        <Select
          data-testid="grade-change-grade"
          options={GRADES.map((grade) => ({
            value: grade,
            label: `${gradeLabel(grade, language)}${grade === manager?.grade ? t('managers.currentGrade') : ''}`,
            disabled: grade === manager?.grade,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('managers.reason')}
        rules={[{ required: true, whitespace: true, message: t('managers.reasonRequired') }]}
      >
        <Input.TextArea
          maxLength={2000}
          autoSize={{ minRows: 3, maxRows: 8 }}
          data-testid="grade-change-reason"
        />
      </Form.Item>
    </FormModal>
  );
}
