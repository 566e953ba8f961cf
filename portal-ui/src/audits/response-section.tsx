import { type AuditView, formatDateTime, useApiErrorHandler } from '@rapport/ui-shared';
import { App, Button, Card, Form, Input, Typography } from 'antd';
import { useAuditChange } from '../api/audits';
import { useAuditT } from './audit-messages';

/** The manager's response: the box while the auditor waits for it, the text once sent. */
export function ResponseSection({
  institutionId,
  audit,
  canRespond,
}: {
  institutionId: string;
  audit: AuditView;
  canRespond: boolean;
}) {
  const t = useAuditT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const change = useAuditChange(institutionId, audit.id);
  const [form] = Form.useForm<{ text: string }>();
  if (audit.response)
    return (
      <Card size="small" title={t('response.title')} data-testid="audit-response">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
          {audit.response.text}
        </Typography.Paragraph>
        <Typography.Text type="secondary">{formatDateTime(audit.response.at)}</Typography.Text>
      </Card>
    );
  if (!canRespond || audit.status !== 'awaiting-response')
    return (
      <Card size="small" title={t('response.title')}>
        <Typography.Text type="secondary">{t('response.none')}</Typography.Text>
      </Card>
    );
  return (
    <Card size="small" title={t('response.title')} data-testid="response-form">
      <Typography.Paragraph>{t('response.waiting')}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        onFinish={({ text }) =>
          change.mutate(
            { kind: 'respond', rev: audit.rev, text },
            { onSuccess: () => message.success(t('response.sent')), onError: (error) => onError(error) },
          )
        }
      >
        <Form.Item name="text" rules={[{ required: true, whitespace: true, message: t('finding.required') }]}>
          <Input.TextArea
            autoSize={{ minRows: 3 }}
            maxLength={4000}
            placeholder={t('response.placeholder')}
            data-testid="response-text"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.isPending} data-testid="response-send">
          {t('response.send')}
        </Button>
      </Form>
    </Card>
  );
}
