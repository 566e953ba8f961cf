import { type CycleView, useApiErrorHandler } from '@rapport/ui-shared';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCloneCycle } from '../api/cycles';
import { usePlanEditorT } from '../plan-editor/plan-editor-messages';
import { fieldProblems, type ServerProblem, serverProblemsOf } from '../plan-editor/server-problems';
import { useCycleT } from './cycle-messages';

interface CloneValues {
  code: string;
  zh: string;
  en: string;
  period: [Dayjs, Dayjs];
}

/** Clones a cycle's plan into a new draft for the next period (a year later by default). */
export function CloneModal({
  institutionId,
  cycle,
  open,
  onClose,
}: {
  institutionId: string;
  cycle: CycleView;
  open: boolean;
  onClose: () => void;
}) {
  const t = useCycleT();
  const tPlan = usePlanEditorT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const clone = useCloneCycle(institutionId, cycle.id);
  const [form] = Form.useForm<CloneValues>();
  const [problems, setProblems] = useState<ServerProblem[]>([]);
  const next = (date: string) => dayjs(date).add(1, 'year');
  const nextYear = next(cycle.period.from).year();
  const at = (path: string) => fieldProblems(problems, path);
  const submit = (values: CloneValues) => {
    setProblems([]);
    clone.mutate(
      {
        code: values.code.trim(),
        name: { zh: values.zh, en: values.en },
        period: { from: values.period[0].format('YYYY-MM-DD'), to: values.period[1].format('YYYY-MM-DD') },
      },
      {
        onSuccess: (created) => {
          message.success(t('clone.done'));
          onClose();
          navigate(`/institutions/${institutionId}/cycles/${created.id}`);
        },
        onError: (error) => {
          const refused = serverProblemsOf(error);
          if (refused.length > 0) setProblems(refused);
          else onError(error);
        },
      },
    );
  };
  const required = [{ required: true, message: tPlan('plan.required') }];
  return (
    <Modal
      open={open}
      title={t('clone.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={clone.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'clone-submit' } as never}
    >
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={tPlan('plan.problems')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {problems.map((p) => (
                <li key={`${p.path}-${p.message}`}>{p.message}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Form<CloneValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          code: /\d{4}/.test(cycle.code)
            ? cycle.code.replace(/\d{4}/, String(nextYear))
            : `${cycle.code}-${nextYear}`,
          zh: cycle.name.zh.replace(/\d{4}/, String(nextYear)),
          en: cycle.name.en.replace(/\d{4}/, String(nextYear)),
          period: [next(cycle.period.from), next(cycle.period.to)],
        }}
      >
        <Form.Item name="code" label={tPlan('plan.code')} rules={required} {...at('/code')}>
          <Input maxLength={40} data-testid="clone-code" />
        </Form.Item>
        <Form.Item name="zh" label={tPlan('plan.nameZh')} rules={required} {...at('/name/zh')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="en" label={tPlan('plan.nameEn')} rules={required} {...at('/name/en')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="period" label={t('cycles.period')} rules={required} {...at('/period')}>
          <DatePicker.RangePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
