import {
  dataProblems,
  type FormProblem,
  type FormVersion,
  isApiError,
  localisedName,
  RapportForm,
  type RapportFormData,
  type Submission,
  submissionQuery,
  useApiErrorHandler,
  useCreateSubmission,
  useLanguage,
  useUpdateSubmission,
} from '@rapport/ui-shared';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { usePortalT } from '../portal-messages';
import { SubmissionStatusTag } from './submission-status-tag';

export interface SubmissionEditorProps {
  institutionId: string;
  /** The version the data is filled against: the latest for a new submission, the draft's own for a draft. */
  version: FormVersion;
  /** The draft being resumed; absent when starting a new submission. */
  draft?: Submission;
}

/** Filling a form: save as draft any time, submit once it validates. */
export function SubmissionEditor({ institutionId, version, draft }: SubmissionEditorProps) {
  const t = usePortalT();
  const language = useLanguage();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const handleApiError = useApiErrorHandler();
  const create = useCreateSubmission(institutionId);
  const update = useUpdateSubmission(institutionId);

  const [data, setData] = useState<RapportFormData>(() => draft?.data ?? {});
  const [saved, setSaved] = useState(() => (draft ? { id: draft.id, rev: draft.rev } : null));
  const [serverErrors, setServerErrors] = useState<FormProblem[] | undefined>(undefined);
  const [pending, setPending] = useState<'draft' | 'submit' | null>(null);
  // The data being edited now, to tell whether the server's answer is still about it.
  const dataRef = useRef(data);
  dataRef.current = data;

  const save = async (sent: RapportFormData, submit: boolean): Promise<Submission | null> => {
    setPending(submit ? 'submit' : 'draft');
    setServerErrors(undefined);
    try {
      const submission = saved
        ? await update.mutateAsync({ submissionId: saved.id, rev: saved.rev, data: sent, submit })
        : await create.mutateAsync({ formId: version.formId, data: sent, submit });
      setSaved({ id: submission.id, rev: submission.rev });
      // The server recomputes computed fields; take its data unless the user typed meanwhile.
      if (dataRef.current === sent) setData(submission.data);
      return submission;
    } catch (error) {
      const problems = dataProblems(error);
      if (problems.length > 0) {
        setServerErrors(problems);
        message.error(t('fill.invalid'));
      } else if (isApiError(error, 'SUBMISSIONS_ERR_ALREADY_SUBMITTED') && saved) {
        message.warning(t('fill.alreadySubmitted'));
        navigate(`/submissions/${encodeURIComponent(saved.id)}`, { replace: true });
      } else {
        handleApiError(error, {
          onConflict: () => {
            if (!saved) return;
            queryClient
              .fetchQuery({ ...submissionQuery(institutionId, saved.id), staleTime: 0 })
              .then((fresh) => {
                setSaved({ id: fresh.id, rev: fresh.rev });
                setData(fresh.data);
              }, handleApiError);
          },
        });
      }
      return null;
    } finally {
      setPending(null);
    }
  };

  const saveDraft = async () => {
    if (await save(dataRef.current, false)) message.success(t('fill.draftSaved'));
  };
  // Typing re-renders this editor on every keystroke: what does not depend on the data is kept, so that only
  // the form's changed fields render again.
  const saveDraftRef = useRef(saveDraft);
  saveDraftRef.current = saveDraft;
  const onSaveDraft = useCallback(() => saveDraftRef.current(), []);

  const submit = async (validData: RapportFormData) => {
    const submission = await save(validData, true);
    if (submission) {
      navigate('/submissions', {
        state: { submitted: { id: submission.id, title: localisedName(submission.formTitle, language) } },
      });
    }
  };

  const header = useMemo(
    () => (
      <>
        <Flex align="center" gap={12} wrap style={{ marginBottom: 8 }}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="form-title">
            {localisedName(version.title, language)}
          </Typography.Title>
          <Tag data-testid="submission-version">{t('forms.version', { version: version.version })}</Tag>
          {saved ? <SubmissionStatusTag status="draft" /> : null}
        </Flex>
        {localisedName(version.description, language) ? (
          <Typography.Paragraph type="secondary">
            {localisedName(version.description, language)}
          </Typography.Paragraph>
        ) : null}
      </>
    ),
    [version, language, saved, t],
  );
  const buttons = useMemo(
    () => (
      <Space style={{ marginTop: 16 }}>
        <Button
          onClick={onSaveDraft}
          loading={pending === 'draft'}
          disabled={pending !== null}
          data-testid="form-save-draft"
        >
          {t('fill.saveDraft')}
        </Button>
        <Button
          type="primary"
          htmlType="submit"
          loading={pending === 'submit'}
          disabled={pending !== null}
          data-testid="form-submit"
        >
          {t('fill.submit')}
        </Button>
      </Space>
    ),
    [pending, onSaveDraft, t],
  );

  return (
    <>
      {header}
      <RapportForm
        schema={version.schema}
        uiSchema={version.uiSchema}
        formData={data}
        onChange={setData}
        onSubmit={submit}
        serverErrors={serverErrors}
      >
        {buttons}
      </RapportForm>
    </>
  );
}
