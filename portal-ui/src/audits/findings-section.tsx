import { FINDING_SEVERITIES } from '@rapport/schemas';
import {
  type AuditView,
  formatDateTime,
  methodLabel,
  SEVERITY_COLOURS,
  severityLabel,
  showValidationErrors,
  useApiErrorHandler,
  useLanguage,
} from '@rapport/ui-shared';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Radio, Row, Select, Tag } from 'antd';
import { type FindingInput, useAuditChange } from '../api/audits';
import { useAuditT } from './audit-messages';

/** The findings recorded so far, each with its severity, method, evidence and required correction. */
export function FindingsList({ audit }: { audit: AuditView }) {
  const t = useAuditT();
  const language = useLanguage();
  if (audit.findings.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.noFindings')} />;
  return (
    <div data-testid="findings">
      {audit.findings.map((f) => (
        <Card
          key={f.id}
          size="small"
          style={{ marginBottom: 8 }}
          data-testid={`finding-${f.id}`}
          title={
            <>
              <Tag color={SEVERITY_COLOURS[f.severity]} data-testid="finding-severity">
                {severityLabel(f.severity, language)}
              </Tag>
              <Tag>{methodLabel(f.method, language)}</Tag>
            </>
          }
          extra={t('audit.recordedBy', { name: f.recordedBy.name, at: formatDateTime(f.recordedAt) })}
        >
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'description', label: t('finding.description'), children: f.description },
              ...(f.evidence
                ? [{ key: 'evidence', label: t('finding.evidence'), children: f.evidence }]
                : []),
              { key: 'corrective', label: t('finding.correctiveAction'), children: f.correctiveAction },
            ]}
          />
        </Card>
      ))}
    </div>
  );
}

const FIELDS = ['severity', 'method', 'description', 'evidence', 'correctiveAction'];

/** The auditor records a finding, with one of the plan's inspection methods. */
export function FindingForm({ institutionId, audit }: { institutionId: string; audit: AuditView }) {
  const t = useAuditT();
  const language = useLanguage();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [form] = Form.useForm<FindingInput>();
  const change = useAuditChange(institutionId, audit.id);
  const required = [{ required: true, whitespace: true, message: t('finding.required') }];
  const submit = (finding: FindingInput) =>
    change.mutate(
      { kind: 'finding', rev: audit.rev, finding: { ...finding, evidence: finding.evidence ?? '' } },
      {
        onSuccess: () => {
          form.resetFields();
          message.success(t('finding.saved'));
        },
        onError: (error) => {
          if (!showValidationErrors(form, error, FIELDS)) onError(error);
        },
      },
    );
  return (
    <Card size="small" title={t('finding.add')} data-testid="finding-form">
      <Form<FindingInput>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ severity: 'low', method: audit.plan.methods[0] }}
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="severity" label={t('finding.severity')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                data-testid="finding-severity-input"
                options={FINDING_SEVERITIES.map((s) => ({ value: s, label: severityLabel(s, language) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="method" label={t('finding.method')} rules={[{ required: true }]}>
              <Select
                data-testid="finding-method-input"
                options={audit.plan.methods.map((m) => ({ value: m, label: methodLabel(m, language) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('finding.description')} rules={required}>
          <Input.TextArea autoSize={{ minRows: 2 }} maxLength={2000} data-testid="finding-description" />
        </Form.Item>
        <Form.Item name="evidence" label={t('finding.evidence')}>
          <Input.TextArea autoSize={{ minRows: 1 }} maxLength={2000} data-testid="finding-evidence" />
        </Form.Item>
        <Form.Item name="correctiveAction" label={t('finding.correctiveAction')} rules={required}>
          <Input.TextArea autoSize={{ minRows: 1 }} maxLength={2000} data-testid="finding-corrective" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="finding-save">
          {t('finding.save')}
        </Button>
      </Form>
    </Card>
  );
}
