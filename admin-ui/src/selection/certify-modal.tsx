import { isApiError, useApiErrorHandler } from '@rapport/ui-shared';
import { Alert, DatePicker, Form, Input, InputNumber, Modal, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { type CandidateView, type CertifyResponse, type DriveView, useCertify } from './selection-api';
import { useSelectionT } from './selection-messages';

interface ExamForm {
  exams: { date: Dayjs; score: number; certificateNumber: string }[];
}

/** Why nobody was certified, one line per candidate and reason ("name: reason"). */
function refusalsOf(error: unknown): string[] {
  if (!isApiError(error) || error.code === 'ERR_CONFLICT') return [];
  if (error.status !== 400 && error.status !== 409) return [];
  const details = Array.isArray(error.details)
    ? (error.details as { name?: unknown; message?: unknown }[])
    : [];
  const lines = details
    .filter((d) => typeof d?.message === 'string')
    .map((d) => (typeof d.name === 'string' ? `${d.name}: ${d.message}` : String(d.message)));
  return lines.length > 0 ? lines : [error.message];
}

/** The exam record of each chosen candidate, then certification; refusals are listed in full. */
export function CertifyModal({
  institutionId,
  drive,
  chosen,
  onClose,
  onCertified,
}: {
  institutionId: string;
  drive: DriveView;
  chosen: CandidateView[];
  onClose: () => void;
  onCertified: (response: CertifyResponse) => void;
}) {
  const t = useSelectionT();
  const [form] = Form.useForm<ExamForm>();
  const certify = useCertify(institutionId, drive.id);
  const onError = useApiErrorHandler();
  const [refusals, setRefusals] = useState<string[]>([]);

  const submit = async ({ exams }: ExamForm) => {
    setRefusals([]);
    try {
      const response = await certify.mutateAsync({
        rev: drive.rev,
        certifications: chosen.map((c, i) => {
          const exam = exams[i] as ExamForm['exams'][number];
          return {
            candidateId: c.id,
            exam: {
              date: exam.date.format('YYYY-MM-DD'),
              score: exam.score,
              certificateNumber: exam.certificateNumber.trim(),
            },
          };
        }),
      });
      onCertified(response);
    } catch (error) {
      const lines = refusalsOf(error);
      if (lines.length > 0) setRefusals(lines);
      else onError(error, { onConflict: onClose });
    }
  };

  return (
    <Modal
      open={chosen.length > 0}
      title={t('certify.title')}
      width={760}
      okText={t('certify.submit')}
      okButtonProps={{ 'data-testid': 'certify-submit' }}
      confirmLoading={certify.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('certify.intro')}</Typography.Paragraph>
      {refusals.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('certify.refused')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="certify-refusals">
              {refusals.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Form<ExamForm>
        form={form}
        preserve={false}
        onFinish={submit}
        autoComplete="off"
        initialValues={{
          exams: chosen.map((c) => ({ date: dayjs(), score: c.scores.exam, certificateNumber: '' })),
        }}
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={chosen}
          columns={[
            { title: t('candidates.name'), dataIndex: 'name' },
            {
              title: t('certify.date'),
              key: 'date',
              render: (_, c, i) => (
                <Form.Item
                  name={['exams', i, 'date']}
                  rules={[{ required: true, message: t('certify.dateRequired') }]}
                  style={{ margin: 0 }}
                >
                  <DatePicker data-testid={`certify-date-${c.id}`} />
                </Form.Item>
              ),
            },
            {
              title: t('certify.score'),
              key: 'score',
              render: (_, c, i) => (
                <Form.Item
                  name={['exams', i, 'score']}
                  rules={[{ required: true, message: t('certify.scoreRequired') }]}
                  style={{ margin: 0 }}
                >
                  <InputNumber min={0} max={100} data-testid={`certify-score-${c.id}`} />
                </Form.Item>
              ),
            },
            {
              title: t('certify.number'),
              key: 'number',
              render: (_, c, i) => (
                <Form.Item
                  name={['exams', i, 'certificateNumber']}
                  rules={[{ required: true, whitespace: true, message: t('certify.numberRequired') }]}
                  style={{ margin: 0 }}
                >
                  <Input maxLength={64} data-testid={`certify-number-${c.id}`} />
                </Form.Item>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}

/** Who was certified; a new account's first password is shown here and nowhere else. */
export function CertifiedModal({
  response,
  onClose,
}: {
  response: CertifyResponse | null;
  onClose: () => void;
}) {
  const t = useSelectionT();
  return (
    <Modal
      open={response !== null}
      title={t('certify.done')}
      width={640}
      okText={t('certify.acknowledge')}
      onOk={onClose}
      onCancel={onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      okButtonProps={{ 'data-testid': 'certified-close' }}
      maskClosable={false}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('certify.doneIntro')}</Typography.Paragraph>
      <Table
        rowKey="userId"
        size="small"
        pagination={false}
        data-testid="certified-results"
        dataSource={response?.results ?? []}
        columns={[
          { title: t('candidates.name'), key: 'name', render: (_, r) => r.candidate.name },
          { title: t('candidates.email'), dataIndex: 'email' },
          {
            title: t('certify.number'),
            key: 'number',
            render: (_, r) => r.candidate.certification?.certificateNumber,
          },
          {
            title: t('certify.password'),
            key: 'password',
            render: (_, r) =>
              r.password ? (
                <Typography.Text code copyable data-testid={`certified-password-${r.candidate.id}`}>
                  {r.password}
                </Typography.Text>
              ) : (
                <Typography.Text type="secondary">{t('certify.existingAccount')}</Typography.Text>
              ),
          },
        ]}
      />
    </Modal>
  );
}
