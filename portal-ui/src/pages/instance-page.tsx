import { mayTake } from '@rapport/schemas';
import {
  type ApiError,
  dataProblems,
  type FormProblem,
  FullPageSpinner,
  formatDateTime,
  type Instance,
  isApiError,
  isNoteAction,
  LoadError,
  localisedName,
  RapportForm,
  type RapportFormData,
  useActOnInstance,
  useCommentOnInstance,
  useCreateSubmission,
  useCurrentUser,
  useForms,
  useFormVersion,
  useInstance,
  useLanguage,
  useT,
  useWorkflowVersion,
  type WorkflowTransition,
  type WorkflowVersion,
} from '@rapport/ui-shared';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Modal,
  Result,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { RequireInstitution } from '../components/require-institution';
import { usePortalT } from '../portal-messages';
import type { ActedState } from './inbox-page';

/** The form an action needs, at its latest version, filled inside the action dialog. */
function ActionFormFields({
  institutionId,
  formKey,
  data,
  onChange,
  onSubmit,
  serverErrors,
  children,
}: {
  institutionId: string;
  formKey: string;
  data: RapportFormData;
  onChange: (data: RapportFormData) => void;
  onSubmit: (data: RapportFormData) => void;
  serverErrors: FormProblem[] | undefined;
  children: ReactNode;
}) {
  const t = usePortalT();
  const forms = useForms(institutionId, { fillable: true });
  const form = forms.data?.find((f) => f.key === formKey);
  const version = useFormVersion(institutionId, form?.id ?? '', form?.latestVersion);
  if (forms.isError) return <LoadError error={forms.error} onRetry={() => forms.refetch()} />;
  if (forms.isPending) return <FullPageSpinner />;
  if (!form || form.latestVersion === null)
    return (
      <Alert
        type="error"
        showIcon
        title={t('instance.formUnavailable', { form: formKey })}
        data-testid="action-form-missing"
      />
    );
  if (version.isError) return <LoadError error={version.error} onRetry={() => version.refetch()} />;
  if (!version.data) return <FullPageSpinner />;
  return (
    <div data-testid="action-form">
      <RapportForm
        schema={version.data.schema}
        uiSchema={version.data.uiSchema}
        formData={data}
        onChange={onChange}
        onSubmit={onSubmit}
        serverErrors={serverErrors}
      >
        {children}
      </RapportForm>
    </div>
  );
}

function ActionModal({
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

/** Adds a comment to the history; the state does not change. */
function CommentBox({ institutionId, instanceId }: { institutionId: string; instanceId: string }) {
  const t = usePortalT();
  const comment = useCommentOnInstance(institutionId);
  const [text, setText] = useState('');
  const send = () => comment.mutate({ instanceId, comment: text.trim() }, { onSuccess: () => setText('') });
  return (
    <Flex vertical gap={8}>
      {comment.error ? <Alert type="error" showIcon title={comment.error.message} /> : null}
      <Input.TextArea
        value={text}
        onChange={(event) => setText(event.target.value)}
        maxLength={2000}
        autoSize={{ minRows: 2, maxRows: 6 }}
        placeholder={t('instance.commentPlaceholder')}
        data-testid="comment-text"
      />
      <Button
        style={{ alignSelf: 'flex-end' }}
        disabled={text.trim() === ''}
        loading={comment.isPending}
        onClick={send}
        data-testid="comment-send"
      >
        {t('instance.addComment')}
      </Button>
    </Flex>
  );
}

function InstanceView({
  institutionId,
  instance,
  definition,
  onReload,
}: {
  institutionId: string;
  instance: Instance;
  definition: WorkflowVersion;
  onReload: () => void;
}) {
  const t = usePortalT();
  const language = useLanguage();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [acting, setActing] = useState<WorkflowTransition | null>(null);
  const workflow = localisedName(instance.workflowTitle, language);
  const stateLabel = (key: string | null) => {
    if (key === null) return '';
    const state = definition.states.find((s) => s.key === key);
    return state ? localisedName(state.label, language) : key;
  };
  const actionLabel = (action: string, from: string | null) => {
    if (action === 'start' && from === null) return t('instance.started');
    if (isNoteAction(action)) return t(`instance.note.${action}`);
    const transition = definition.transitions.find((tr) => tr.key === action && tr.from === from);
    return transition ? localisedName(transition.label, language) : action;
  };
  const transitions = instance.closedAt
    ? []
    : definition.transitions.filter(
        (tr) =>
          tr.from === instance.state &&
          mayTake(user, tr, instance) &&
          !instance.approvals.some((a) => a.action === tr.key && a.userIds.includes(user.id)),
      );
  const overdue = instance.dueAt !== null && !instance.closedAt && Date.parse(instance.dueAt) < Date.now();

  return (
    <>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="instance-title">
          {workflow}
        </Typography.Title>
        <Tag color={instance.closedAt ? 'default' : 'processing'} data-testid="instance-state">
          {stateLabel(instance.state)}
        </Tag>
        <Button style={{ marginInlineStart: 'auto' }} onClick={() => navigate('/inbox')}>
          {t('instance.back')}
        </Button>
      </Flex>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'subject',
            label: t('inbox.subject'),
            children: (
              <span data-testid="instance-subject">{`${instance.subject.kind} · ${instance.subject.id}`}</span>
            ),
          },
          { key: 'startedAt', label: t('inbox.startedAt'), children: formatDateTime(instance.createdAt) },
          {
            key: 'dueAt',
            label: t('inbox.dueAt'),
            children: instance.dueAt ? (
              <Flex gap={8} align="center">
                {formatDateTime(instance.dueAt)}
                {overdue ? (
                  <Tag color="error" data-testid={`overdue-${instance.id}`}>
                    {t('inbox.overdue')}
                  </Tag>
                ) : null}
              </Flex>
            ) : (
              '—'
            ),
          },
          ...(instance.closedAt
            ? [
                {
                  key: 'closedAt',
                  label: t('instance.closedAt'),
                  children: formatDateTime(instance.closedAt),
                },
              ]
            : []),
        ]}
      />
      <Card title={t('instance.actions')} size="small" style={{ marginBottom: 16 }} data-testid="actions">
        {transitions.length === 0 ? (
          <Typography.Text type="secondary">{t('instance.noActions')}</Typography.Text>
        ) : (
          <Flex gap={12} wrap>
            {transitions.map((tr) => {
              const committee = tr.actors.kind === 'committee' ? tr.actors : null;
              const gathered = instance.approvals.find((a) => a.action === tr.key)?.userIds ?? [];
              return (
                <Flex key={tr.key} gap={8} align="center">
                  <Button type="primary" onClick={() => setActing(tr)} data-testid={`action-${tr.key}`}>
                    {localisedName(tr.label, language)}
                  </Button>
                  {committee ? (
                    <Tag data-testid={`approvals-${tr.key}`}>
                      {t('instance.approvals', { count: gathered.length, required: committee.required })}
                    </Tag>
                  ) : null}
                </Flex>
              );
            })}
          </Flex>
        )}
      </Card>
      <Card title={t('instance.history')} size="small">
        <Timeline
          data-testid="history"
          items={instance.history.map((entry, index) => ({
            key: `${entry.at}-${index}`,
            children: (
              <div data-testid="history-entry">
                <Typography.Text strong>{entry.by?.name ?? t('instance.platform')}</Typography.Text>{' '}
                <Tag>{actionLabel(entry.action, entry.from)}</Tag>
                {isNoteAction(entry.action)
                  ? (entry.assignees ?? []).map((a) => a.name).join(t('instance.listSeparator'))
                  : entry.from === null
                    ? stateLabel(entry.to)
                    : `${stateLabel(entry.from)} → ${stateLabel(entry.to)}`}
                <div>
                  <Typography.Text type="secondary">{formatDateTime(entry.at)}</Typography.Text>
                </div>
                {entry.comment ? (
                  <Typography.Paragraph style={{ marginBottom: 0 }} data-testid="history-comment">
                    {entry.comment}
                  </Typography.Paragraph>
                ) : null}
              </div>
            ),
          }))}
        />
        <CommentBox institutionId={institutionId} instanceId={instance.id} />
      </Card>
      {acting ? (
        <ActionModal
          institutionId={institutionId}
          instance={instance}
          transition={acting}
          workflow={workflow}
          onClose={() => setActing(null)}
          onReload={() => {
            setActing(null);
            onReload();
          }}
        />
      ) : null}
    </>
  );
}

function InstanceLoader({ institutionId, instanceId }: { institutionId: string; instanceId: string }) {
  const t = usePortalT();
  const instance = useInstance(institutionId, instanceId);
  const definition = useWorkflowVersion(institutionId, instance.data?.workflowId, instance.data?.version);

  if (instance.isError) {
    if (isApiError(instance.error, 'ERR_NOT_FOUND'))
      return <Result status="404" title={t('instance.notFound')} data-testid="instance-not-found" />;
    return <LoadError error={instance.error} onRetry={() => instance.refetch()} />;
  }
  if (definition.isError) return <LoadError error={definition.error} onRetry={() => definition.refetch()} />;
  if (!instance.data || !definition.data) return <FullPageSpinner />;
  return (
    <InstanceView
      institutionId={institutionId}
      instance={instance.data}
      definition={definition.data}
      onReload={() => instance.refetch()}
    />
  );
}

export default function InstancePage() {
  const { instanceId = '' } = useParams();
  return (
    <RequireInstitution>
      {(institutionId) => <InstanceLoader institutionId={institutionId} instanceId={instanceId} />}
    </RequireInstitution>
  );
}
