import { PlusOutlined } from '@ant-design/icons';
import {
  dataProblems,
  type FormProblem,
  formatDateTime,
  LoadError,
  RapportForm,
  type RapportFormData,
  showValidationErrors,
  useApiErrorHandler,
} from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { App, Button, DatePicker, Empty, Form, Input, List, Modal, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useLogVisit, type Visit, visitsQuery } from '../api/customers';
import { useCustomerT } from './customers-messages';
import { useKeyedForm } from './use-keyed-form';

interface Fixed {
  visitedAt: Dayjs;
  purpose: string;
  notes?: string;
}

const FIXED_FIELDS = ['visitedAt', 'purpose', 'notes'];

/** The visit's form data, one "field: value" line each (the visit form may since have changed). */
function VisitData({ data }: { data: Record<string, unknown> }) {
  const entries = Object.entries(data);
  if (entries.length === 0) return null;
  return (
    <Typography.Text type="secondary" style={{ display: 'block' }}>
      {entries.map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('；')}
    </Typography.Text>
  );
}

/** Logging a visit: when, why and what was said; the institution's visit form when it has one. */
function LogVisitModal({
  institutionId,
  customerId,
  visitFormKey,
  open,
  onClose,
}: {
  institutionId: string;
  customerId: string;
  visitFormKey: string | null;
  open: boolean;
  onClose: () => void;
}) {
  const t = useCustomerT();
  const { message } = App.useApp();
  const handleApiError = useApiErrorHandler();
  const logVisit = useLogVisit(institutionId, customerId);
  const visitForm = useKeyedForm(institutionId, visitFormKey);
  const [form] = Form.useForm<Fixed>();
  const [data, setData] = useState<RapportFormData>({});
  const [serverErrors, setServerErrors] = useState<FormProblem[] | undefined>(undefined);

  const post = async (formData?: RapportFormData) => {
    let fixed: Fixed;
    try {
      fixed = await form.validateFields();
    } catch {
      return;
    }
    setServerErrors(undefined);
    try {
      await logVisit.mutateAsync({
        visitedAt: fixed.visitedAt.toISOString(),
        purpose: fixed.purpose.trim(),
        ...(fixed.notes ? { notes: fixed.notes } : {}),
        ...(formData ? { data: formData } : {}),
      });
      message.success(t('visits.logged'));
      onClose();
    } catch (error) {
      const problems = dataProblems(error);
      if (problems.length > 0) setServerErrors(problems);
      else if (!showValidationErrors(form, error, FIXED_FIELDS)) handleApiError(error);
    }
  };

  const saveButton = (
    <Button type="primary" htmlType="submit" loading={logVisit.isPending} data-testid="visit-submit">
      {t('visits.submit')}
    </Button>
  );

  return (
    <Modal
      title={t('visits.log')}
      open={open}
      onCancel={onClose}
      footer={null}
      destroyOnHidden
      width={visitForm.version ? 760 : 560}
      afterOpenChange={(visible) => {
        if (!visible) setData({});
      }}
    >
      <Form<Fixed>
        form={form}
        layout="vertical"
        initialValues={{ visitedAt: dayjs() }}
        onFinish={() => post()}
        data-testid="visit-form"
      >
        <Form.Item name="visitedAt" label={t('visits.visitedAt')} rules={[{ required: true }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="visit-at" />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('visits.purpose')}
          rules={[{ required: true, whitespace: true, message: t('visits.required') }]}
        >
          <Input maxLength={200} data-testid="visit-purpose" />
        </Form.Item>
        <Form.Item name="notes" label={t('visits.notes')}>
          <Input.TextArea rows={4} maxLength={5000} data-testid="visit-notes" />
        </Form.Item>
        {visitForm.version || visitForm.loading ? null : saveButton}
      </Form>
      {visitForm.loading ? <Spin /> : null}
      {visitForm.version ? (
        <RapportForm
          schema={visitForm.version.schema}
          uiSchema={visitForm.version.uiSchema}
          formData={data}
          onChange={setData}
          onSubmit={post}
          serverErrors={serverErrors}
        >
          <div style={{ marginTop: 16 }}>{saveButton}</div>
        </RapportForm>
      ) : null}
    </Modal>
  );
}

/** The customer's visit log, newest first, with "log a visit" for those who may. */
export function VisitsSection({
  institutionId,
  customerId,
  visitFormKey,
  canLog,
}: {
  institutionId: string;
  customerId: string;
  visitFormKey: string | null;
  canLog: boolean;
}) {
  const t = useCustomerT();
  const visits = useQuery(visitsQuery(institutionId, customerId));
  const [logging, setLogging] = useState(false);
  if (visits.isError) return <LoadError error={visits.error} onRetry={() => visits.refetch()} />;
  return (
    <>
      {canLog ? (
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setLogging(true)}
          style={{ marginBottom: 12 }}
          data-testid="visit-log"
        >
          {t('visits.log')}
        </Button>
      ) : null}
      <List<Visit>
        data-testid="visits-list"
        loading={visits.isPending}
        dataSource={visits.data ?? []}
        locale={{ emptyText: <Empty description={t('visits.empty')} /> }}
        renderItem={(visit) => (
          <List.Item key={visit.id} data-testid="visit-item">
            <List.Item.Meta
              title={
                <span>
                  {formatDateTime(visit.visitedAt)} · {visit.purpose}
                </span>
              }
              description={
                <>
                  {visit.notes ? (
                    <Typography.Paragraph style={{ marginBottom: 4, whiteSpace: 'pre-wrap' }}>
                      {visit.notes}
                    </Typography.Paragraph>
                  ) : null}
                  <VisitData data={visit.data} />
                  <Typography.Text type="secondary">
                    {t('visits.by', { name: visit.loggedBy.name })}
                  </Typography.Text>
                </>
              }
            />
          </List.Item>
        )}
      />
      {canLog ? (
        <LogVisitModal
          institutionId={institutionId}
          customerId={customerId}
          visitFormKey={visitFormKey}
          open={logging}
          onClose={() => setLogging(false)}
        />
      ) : null}
    </>
  );
}
