import { CopyOutlined } from '@ant-design/icons';
import {
  type AppraisalDetail,
  AppraisalStepTag,
  appraisalQuery,
  CalibrationTimeline,
  type CycleView,
  formatDateTime,
  LevelTag,
  LoadError,
  ScoreComputation,
  useApiErrorHandler,
  useCurrentUser,
  useLanguage,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { appraisalLinksQuery, type EvaluationLinkView, useCalibrate } from '../api/cycles';
import { gradeLabel } from '../org/vocabulary-labels';
import { usePlanEditorT } from '../plan-editor/plan-editor-messages';
import { fieldProblems, type ServerProblem, serverProblemsOf } from '../plan-editor/server-problems';
import { useCycleT } from './cycle-messages';

const CALIBRATING = ['calibration', 'appeal'];

function CalibrateForm({ institutionId, appraisal }: { institutionId: string; appraisal: AppraisalDetail }) {
  const t = useCycleT();
  const tPlan = usePlanEditorT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const calibrate = useCalibrate(institutionId, appraisal.id);
  const [form] = Form.useForm<{ total: number; reason: string; feedback: string }>();
  const [problems, setProblems] = useState<ServerProblem[]>([]);
  const at = (path: string) => fieldProblems(problems, path);
  const submit = (values: { total: number; reason: string; feedback: string }) => {
    setProblems([]);
    calibrate.mutate(
      {
        rev: appraisal.rev,
        total: values.total,
        reason: values.reason.trim(),
        ...(values.feedback?.trim() ? { feedback: values.feedback.trim() } : {}),
      },
      {
        onSuccess: () => {
          message.success(t('calibrate.done'));
          form.resetFields(['reason']);
        },
        onError: (error) => {
          const refused = serverProblemsOf(error);
          if (refused.length > 0) setProblems(refused);
          else onError(error);
        },
      },
    );
  };
  const paths = ['/total', '/reason', '/feedback'];
  const elsewhere = problems.filter((p) => !paths.some((path) => p.path.startsWith(path)));
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ total: appraisal.score?.total ?? undefined, feedback: appraisal.feedback }}
      data-testid="calibrate-form"
    >
      {elsewhere.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={elsewhere.map((p) => p.message).join('；')}
        />
      ) : null}
      <Form.Item
        name="total"
        label={t('calibrate.total')}
        rules={[{ required: true, message: tPlan('plan.required') }]}
        {...at('/total')}
      >
        <InputNumber min={0} max={100} step={0.5} style={{ width: 160 }} data-testid="calibrate-total" />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('calibrate.reason')}
        rules={[{ required: true, whitespace: true, message: tPlan('plan.required') }]}
        {...at('/reason')}
      >
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={2000}
          data-testid="calibrate-reason"
        />
      </Form.Item>
      <Form.Item name="feedback" label={t('calibrate.feedback')} {...at('/feedback')}>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={4000}
          data-testid="calibrate-feedback"
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={calibrate.isPending} data-testid="calibrate-submit">
        {t('calibrate.submit')}
      </Button>
    </Form>
  );
}

function SampleLinks({ institutionId, appraisalId }: { institutionId: string; appraisalId: string }) {
  const t = useCycleT();
  const { message } = App.useApp();
  const links = useQuery(appraisalLinksQuery(institutionId, appraisalId));
  if (links.isError) return <LoadError error={links.error} onRetry={() => links.refetch()} />;
  const absolute = (url: string) => new URL(url, window.location.origin).toString();
  const copy = async (url: string) => {
    await navigator.clipboard?.writeText(absolute(url));
    message.success(t('links.copied'));
  };
  return (
    <Table<EvaluationLinkView>
      size="small"
      rowKey="customerId"
      loading={links.isPending}
      dataSource={links.data ?? []}
      pagination={false}
      locale={{ emptyText: <Empty description={t('drawer.noLinks')} /> }}
      data-testid="sample-links"
      columns={[
        { title: t('links.customer'), dataIndex: 'customerName' },
        {
          title: t('links.url'),
          key: 'url',
          render: (_, link) => (
            <Typography.Text
              copyable={{ text: absolute(link.url), icon: <CopyOutlined />, onCopy: () => copy(link.url) }}
              ellipsis
              style={{ maxWidth: 220 }}
              data-testid={`sample-link-${link.customerId}`}
            >
              {absolute(link.url)}
            </Typography.Text>
          ),
        },
        {
          title: t('links.expiresAt'),
          key: 'expiresAt',
          render: (_, link) => formatDateTime(link.expiresAt),
        },
        {
          title: t('links.answered'),
          key: 'answered',
          render: (_, link) =>
            link.answeredAt ? (
              <Tag color="success">{`${t('links.answered')} ${formatDateTime(link.answeredAt)}`}</Tag>
            ) : (
              <Tag>{t('links.waiting')}</Tag>
            ),
        },
      ]}
    />
  );
}

function AppraisalBody({
  institutionId,
  cycle,
  appraisal,
}: {
  institutionId: string;
  cycle: CycleView;
  appraisal: AppraisalDetail;
}) {
  const t = useCycleT();
  const language = useLanguage();
  const user = useCurrentUser();
  const isCommittee = cycle.committee.includes(user.id);
  const canCalibrate = isCommittee && appraisal.state !== null && CALIBRATING.includes(appraisal.state);
  const lastCalibration = appraisal.calibrations.at(-1);
  return (
    <>
      <Descriptions
        size="small"
        column={2}
        bordered
        style={{ marginBottom: 16 }}
        items={[
          { key: 'grade', label: t('term.grade'), children: gradeLabel(appraisal.grade, language) },
          {
            key: 'state',
            label: t('monitor.state'),
            children: <AppraisalStepTag state={appraisal.state} testId="drawer-state" />,
          },
          { key: 'computed', label: t('drawer.computed'), children: appraisal.score?.total ?? '—' },
          {
            key: 'final',
            label: t('drawer.final'),
            children: (
              <span data-testid="drawer-final">
                {appraisal.finalTotal ?? lastCalibration?.to ?? '—'} <LevelTag level={appraisal.level} />
              </span>
            ),
          },
          {
            key: 'customers',
            label: t('links.customer'),
            children: t('drawer.customers', appraisal.customerAnswers),
          },
          { key: 'feedback', label: t('drawer.feedback'), children: appraisal.feedback || '—' },
        ]}
      />
      <Card size="small" title={t('drawer.computation')} style={{ marginBottom: 16 }}>
        {appraisal.score ? (
          <ScoreComputation score={appraisal.score} weightInTotal />
        ) : (
          <Typography.Text type="secondary">{t('drawer.noScore')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('drawer.calibrations')} style={{ marginBottom: 16 }}>
        {appraisal.calibrations.length === 0 ? (
          <Typography.Text type="secondary">{t('drawer.noCalibrations')}</Typography.Text>
        ) : (
          <CalibrationTimeline calibrations={appraisal.calibrations} testId="calibrations" />
        )}
      </Card>
      <Card size="small" title={t('drawer.calibrate')} style={{ marginBottom: 16 }}>
        {canCalibrate ? (
          <CalibrateForm key={appraisal.rev} institutionId={institutionId} appraisal={appraisal} />
        ) : (
          <Typography.Text type="secondary" data-testid="calibrate-unavailable">
            {isCommittee ? t('calibrate.notNow') : t('calibrate.notCommittee')}
          </Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('drawer.links')}>
        <SampleLinks institutionId={institutionId} appraisalId={appraisal.id} />
      </Card>
    </>
  );
}

/** One appraisal of a cycle: how its score is made, its calibrations, calibrating, the sample's links. */
export function AppraisalDrawer({
  institutionId,
  cycle,
  appraisalId,
  managerName,
  onClose,
}: {
  institutionId: string;
  cycle: CycleView;
  appraisalId: string | undefined;
  managerName: string;
  onClose: () => void;
}) {
  const t = useCycleT();
  const appraisal = useQuery({
    ...appraisalQuery(institutionId, appraisalId ?? ''),
    enabled: appraisalId !== undefined,
  });
  return (
    <Drawer
      open={appraisalId !== undefined}
      onClose={onClose}
      size={1080}
      title={t('drawer.title', { name: managerName })}
      destroyOnHidden
      data-testid="appraisal-drawer"
    >
      {appraisal.isError ? (
        <LoadError error={appraisal.error} onRetry={() => appraisal.refetch()} />
      ) : !appraisal.data ? (
        <Spin />
      ) : (
        <AppraisalBody institutionId={institutionId} cycle={cycle} appraisal={appraisal.data} />
      )}
    </Drawer>
  );
}
