import {
  dataProblems,
  type FormProblem,
  FullPageSpinner,
  formatDateTime,
  isApiError,
  LanguageSwitch,
  LoadError,
  localisedName,
  RapportForm,
  type RapportFormData,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Layout, Result, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { type EvaluationForm, evaluationQuery, useAnswerEvaluation } from '../api/appraisals';
import { useAppraisalT } from '../appraisals/appraisal-messages';

type Refusal = 'used' | 'expired' | 'invalid';

/** Why a link cannot be answered, from the server's refusal; null for other failures. */
function refusalOf(error: unknown): Refusal | null {
  if (!isApiError(error)) return null;
  if (error.code === 'EVALUATIONS_ERR_LINK_USED') return 'used';
  if (error.code === 'EVALUATIONS_ERR_LINK_EXPIRED') return 'expired';
  if (error.code === 'EVALUATIONS_ERR_LINK_INVALID') return 'invalid';
  return null;
}

/** Opening a link: a token too malformed to read is refused by the route's schema (400). */
function openingRefusalOf(error: unknown): Refusal | null {
  return refusalOf(error) ?? (isApiError(error, 'VALIDATION_ERROR') ? 'invalid' : null);
}

function RefusalResult({ refusal }: { refusal: Refusal }) {
  const t = useAppraisalT();
  return (
    <Result
      status={refusal === 'used' ? 'info' : 'warning'}
      title={t(`evaluate.${refusal}`)}
      subTitle={t(`evaluate.${refusal}Detail`)}
      data-testid={`evaluate-${refusal}`}
    />
  );
}

function EvaluationFormCard({ token, evaluation }: { token: string; evaluation: EvaluationForm }) {
  const t = useAppraisalT();
  const language = useLanguage();
  const answer = useAnswerEvaluation(token);
  const [data, setData] = useState<RapportFormData>({});
  const [serverErrors, setServerErrors] = useState<FormProblem[]>();
  const [done, setDone] = useState(false);
  const [refused, setRefused] = useState<Refusal | null>(null);
  if (done)
    return (
      <Result
        status="success"
        title={t('evaluate.thanks')}
        subTitle={t('evaluate.thanksDetail')}
        data-testid="evaluate-thanks"
      />
    );
  if (refused) return <RefusalResult refusal={refused} />;
  const submit = (valid: RapportFormData) => {
    setServerErrors(undefined);
    answer.mutate(valid, {
      onSuccess: () => setDone(true),
      onError: (error) => {
        const refusal = refusalOf(error);
        if (refusal) setRefused(refusal);
        else setServerErrors(dataProblems(error));
      },
    });
  };
  const description = localisedName(evaluation.form.description, language);
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="evaluate-who">
        {t('evaluate.who', { name: evaluation.managerName })}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
        {t('evaluate.cycle', { cycle: localisedName(evaluation.cycleName, language) })}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">
        {t('evaluate.expires', { date: formatDateTime(evaluation.expiresAt) })}
      </Typography.Paragraph>
      {description ? <Typography.Paragraph>{description}</Typography.Paragraph> : null}
      {answer.error && !serverErrors?.length ? (
        <Alert type="error" showIcon title={answer.error.message} style={{ marginBottom: 12 }} />
      ) : null}
      <div data-testid="evaluate-form">
        <RapportForm
          schema={evaluation.form.schema}
          uiSchema={evaluation.form.uiSchema}
          formData={data}
          onChange={setData}
          onSubmit={submit}
          serverErrors={serverErrors}
          disabled={answer.isPending}
        >
          <Flex justify="flex-end" style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" loading={answer.isPending} data-testid="evaluate-submit">
              {t('evaluate.submit')}
            </Button>
          </Flex>
        </RapportForm>
      </div>
    </>
  );
}

function Evaluation({ token }: { token: string }) {
  const evaluation = useQuery(evaluationQuery(token));
  if (evaluation.isError) {
    const refusal = openingRefusalOf(evaluation.error);
    if (refusal) return <RefusalResult refusal={refusal} />;
    return <LoadError error={evaluation.error} onRetry={() => evaluation.refetch()} />;
  }
  if (!evaluation.data) return <FullPageSpinner />;
  return <EvaluationFormCard token={token} evaluation={evaluation.data} />;
}

/** A sampled customer's evaluation of their manager, through a one-time link: no sign-in. */
export default function EvaluatePage() {
  const t = useAppraisalT();
  const { token = '' } = useParams();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', background: '#fff' }}
      >
        <Typography.Text strong style={{ fontSize: 16 }}>
          Rapport · {t('evaluate.title')}
        </Typography.Text>
        <LanguageSwitch />
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Card style={{ maxWidth: 820, margin: '0 auto' }}>
          <Evaluation token={token} />
        </Card>
      </Layout.Content>
    </Layout>
  );
}
