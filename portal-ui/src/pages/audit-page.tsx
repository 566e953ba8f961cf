import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  AuditStatusTag,
  type AuditView,
  auditQuery,
  DueDate,
  FullPageSpinner,
  formatDateTime,
  isApiError,
  LoadError,
  localisedName,
  methodLabel,
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
  Flex,
  Popconfirm,
  Result,
  Space,
  Tag,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { useAuditChange } from '../api/audits';
import { useAuditT } from '../audits/audit-messages';
import { ChecklistSection } from '../audits/checklist-section';
import { FindingForm, FindingsList } from '../audits/findings-section';
import { ManagerName } from '../audits/manager-name';
import { ResponseSection } from '../audits/response-section';
import { RequireInstitution } from '../components/require-institution';

function AuditDetail({ institutionId, audit }: { institutionId: string; audit: AuditView }) {
  const t = useAuditT();
  const language = useLanguage();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const change = useAuditChange(institutionId, audit.id);
  const isAuditor = audit.auditorId === user.id;
  const isManager = audit.managerId === user.id;
  const inProgress = ['open', 'awaiting-response', 'responded'].includes(audit.status);
  const step = (kind: 'open' | 'request-response' | 'close', done: string) =>
    change.mutate(
      { kind, rev: audit.rev },
      { onSuccess: () => message.success(done), onError: (e) => onError(e) },
    );

  return (
    <>
      <Link to="/audits" data-testid="audits-back">
        <ArrowLeftOutlined /> {t('audits.back')}
      </Link>
      <Flex align="center" gap={8} wrap style={{ margin: '8px 0 16px' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="audit-title">
          {localisedName(audit.plan.name, language)}
        </Typography.Title>
        <AuditStatusTag status={audit.status} testId="audit-status" />
        <Tag>{t(`auditMode.${audit.plan.mode}`)}</Tag>
        {audit.plan.announced ? null : <Tag color="purple">{t('term.unannounced')}</Tag>}
        {isAuditor ? (
          <Space style={{ marginInlineStart: 'auto' }}>
            {audit.status === 'assigned' ? (
              <Popconfirm
                title={t('audit.startConfirm')}
                onConfirm={() => step('open', t('audit.started'))}
                okButtonProps={{ 'data-testid': 'audit-start-confirm' } as never}
              >
                <Button type="primary" loading={change.isPending} data-testid="audit-start">
                  {t('audit.start')}
                </Button>
              </Popconfirm>
            ) : null}
            {audit.status === 'open' ? (
              <Button
                onClick={() => step('request-response', t('audit.requested'))}
                loading={change.isPending}
                data-testid="audit-request-response"
              >
                {t('audit.requestResponse')}
              </Button>
            ) : null}
            {audit.status === 'open' || audit.status === 'responded' ? (
              <Popconfirm
                title={t('audit.closeConfirm')}
                onConfirm={() => step('close', t('audit.closed'))}
                disabled={!audit.checklistSubmissionId}
                okButtonProps={{ 'data-testid': 'audit-close-confirm' } as never}
              >
                <Button
                  danger
                  disabled={!audit.checklistSubmissionId}
                  title={audit.checklistSubmissionId ? undefined : t('audit.closeNeedsChecklist')}
                  data-testid="audit-close"
                >
                  {t('audit.close')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null}
      </Flex>
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        style={{ marginBottom: 16 }}
        items={[
          {
            key: 'manager',
            label: t('term.manager'),
            children: <ManagerName institutionId={institutionId} managerId={audit.managerId} />,
          },
          { key: 'due', label: t('audits.dueAt'), children: <DueDate audit={audit} testId="audit-due" /> },
          {
            key: 'opened',
            label: t('audit.openedAt'),
            children: audit.openedAt ? formatDateTime(audit.openedAt) : '—',
          },
          {
            key: 'closed',
            label: t('audit.closedAt'),
            children: audit.closedAt ? formatDateTime(audit.closedAt) : '—',
          },
          {
            key: 'methods',
            label: t('term.inspectionMethods'),
            span: 2,
            children: (
              <Space wrap>
                {audit.plan.methods.map((m) => (
                  <Tag key={m}>{methodLabel(m, language)}</Tag>
                ))}
              </Space>
            ),
          },
        ]}
      />
      {isAuditor &&
      (audit.status === 'open' || audit.status === 'responded') &&
      !audit.checklistSubmissionId ? (
        <Alert type="info" showIcon title={t('audit.closeNeedsChecklist')} style={{ marginBottom: 16 }} />
      ) : null}
      {isAuditor ? (
        <Card size="small" title={t('audit.checklist')} style={{ marginBottom: 16 }}>
          <ChecklistSection institutionId={institutionId} audit={audit} canFill={inProgress} />
        </Card>
      ) : null}
      <Card size="small" title={t('audit.findings')} style={{ marginBottom: 16 }}>
        <FindingsList audit={audit} />
        {isAuditor && (audit.status === 'open' || audit.status === 'responded') ? (
          <div style={{ marginTop: 12 }}>
            <FindingForm institutionId={institutionId} audit={audit} />
          </div>
        ) : null}
      </Card>
      <ResponseSection institutionId={institutionId} audit={audit} canRespond={isManager} />
    </>
  );
}

function AuditLoader({ institutionId, auditId }: { institutionId: string; auditId: string }) {
  const t = useAuditT();
  const audit = useQuery(auditQuery(institutionId, auditId));
  if (audit.isError) {
    if (isApiError(audit.error, 'ERR_NOT_FOUND'))
      return <Result status="404" title={t('audits.notFound')} data-testid="audit-not-found" />;
    return <LoadError error={audit.error} onRetry={() => audit.refetch()} />;
  }
  if (!audit.data) return <FullPageSpinner />;
  return <AuditDetail institutionId={institutionId} audit={audit.data} />;
}

export default function AuditPage() {
  const { auditId = '' } = useParams();
  return (
    <RequireInstitution>
      {(institutionId) => <AuditLoader key={auditId} institutionId={institutionId} auditId={auditId} />}
    </RequireInstitution>
  );
}
