import {
  type ApiError,
  dataProblems,
  type FormProblem,
  type Instance,
  localisedName,
  type RapportFormData,
  useActOnInstance,
  useCreateSubmission,
  useForms,
  useLanguage,
  useT,
  type WorkflowTransition,
} from '@rapport/ui-shared';
import { Alert, App, Button, Flex, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { usePortalT } from '../../portal-messages';
import type { ActedState } from '../inbox-page';
import { ActionFormFields } from './action-form-fields';

/** Takes a transition: an optional comment and, when the transition asks for one, its form filled and submitted first. */
export function ActionModal({
  institutionId,
  instance,
  transition,
  workflow,
  onClose,
  onReload,
}: {
  institutionId: string;
  instance: Instance;
  transition: WorkflowTransition;
  workflow: string;
  onClose: () => void;
  onReload: () => void;
}) {
  const t = usePortalT();
  const tShared = useT();
  const language = useLanguage();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const act = useActOnInstance(institutionId);
  const forms = useForms(institutionId, { fillable: true });
  const createSubmission = useCreateSubmission(institutionId);
  const [comment, setComment] = useState('');
  const [data, setData] = useState<RapportFormData>({});
  const [serverErrors, setServerErrors] = useState<FormProblem[] | undefined>(undefined);
  // The submission made for this action, reused if acting must be retried with the same data.
  const [filed, setFiled] = useState<{ id: string; data: RapportFormData } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const action = localisedName(transition.label, language);

  const confirm = async (formData?: RapportFormData) => {
    setError(null);
    setServerErrors(undefined);
    const trimmed = comment.trim();
    let submissionId: string | undefined;
    if (transition.form && formData) {
      if (filed && filed.data === formData) submissionId = filed.id;
      else {
        const formId = forms.data?.find((f) => f.key === transition.form)?.id ?? '';
        try {
          const submission = await createSubmission.mutateAsync({ formId, data: formData, submit: true });
          setFiled({ id: submission.id, data: formData });
          submissionId = submission.id;
        } catch (err) {
          const problems = dataProblems(err);
          if (problems.length > 0) setServerErrors(problems);
          else setError(err as ApiError);
          return;
        }
      }
    }
    act.mutate(
      {
        instanceId: instance.id,
        action: {
          rev: instance.rev,
          action: transition.key,
          ...(trimmed ? { comment: trimmed } : {}),
          ...(submissionId ? { submissionId } : {}),
        },
      },
      {
        onSuccess: () => {
          message.success(t('inbox.acted'));
          const state: ActedState = { acted: { workflow, action } };
          navigate('/inbox', { state });
        },
        onError: setError,
      },
    );
  };

  const conflict = error?.code === 'ERR_CONFLICT';
  const pending = act.isPending || createSubmission.isPending;
  const cancel = (
    <Button key="cancel" onClick={onClose} data-testid="action-cancel">
      {tShared('common.cancel')}
    </Button>
  );
  const confirmButton = (
    <Button
      key="confirm"
      type="primary"
      loading={pending}
      disabled={conflict}
      {...(transition.form ? { htmlType: 'submit' as const } : { onClick: () => confirm() })}
      data-testid="action-confirm"
    >
      {t('instance.confirm')}
    </Button>
  );
  return (
    <Modal
      open
      title={t('instance.confirmTitle', { action, workflow })}
      onCancel={onClose}
      destroyOnHidden
      width={transition.form ? 760 : undefined}
      footer={transition.form ? null : [cancel, confirmButton]}
    >
      {error ? (
        <Alert
          type={conflict ? 'warning' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          title={conflict ? t('instance.conflict') : error.message}
          data-testid="action-error"
          action={
            conflict ? (
              <Button size="small" onClick={onReload} data-testid="action-reload">
                {t('instance.reload')}
              </Button>
            ) : null
          }
        />
      ) : null}
      <Typography.Text type="secondary">{t('instance.comment')}</Typography.Text>
      <Input.TextArea
        value={comment}
        onChange={(event) => setComment(event.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 3, maxRows: 8 }}
        style={{ marginTop: 4, marginBottom: transition.form ? 16 : 0 }}
        data-testid="action-comment"
      />
      {transition.form ? (
        <ActionFormFields
          institutionId={institutionId}
          formKey={transition.form}
          data={data}
          onChange={setData}
          onSubmit={(valid) => confirm(valid)}
          serverErrors={serverErrors}
        >
          <Flex gap={8} justify="flex-end" style={{ marginTop: 16 }}>
            {cancel}
            {confirmButton}
          </Flex>
        </ActionFormFields>
      ) : null}
    </Modal>
  );
}
