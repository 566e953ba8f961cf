import {
  FINDING_SEVERITY_LABELS,
  type FindingSeverity,
  INSPECTION_METHOD_LABELS,
  type InspectionMethod,
} from '@rapport/schemas';
import { formatDateTime, type Language, localisedName } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { Tag, Typography } from 'antd';
import { type AuditStatus, managerNameQuery } from '../api/audits';
import { useAuditT } from './audit-messages';

export const methodLabel = (method: InspectionMethod, language: Language) =>
  localisedName(INSPECTION_METHOD_LABELS[method], language);

export const severityLabel = (severity: FindingSeverity, language: Language) =>
  localisedName(FINDING_SEVERITY_LABELS[severity], language);

export const SEVERITY_COLOURS: Record<FindingSeverity, string> = {
  low: 'gold',
  medium: 'orange',
  high: 'red',
};

const STATUS_COLOURS: Record<AuditStatus, string> = {
  assigned: 'default',
  open: 'processing',
  'awaiting-response': 'warning',
  responded: 'cyan',
  closed: 'success',
};

export function AuditStatusTag({ status, testId }: { status: AuditStatus; testId?: string }) {
  const t = useAuditT();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testId}>
      {t(`status.${status}`)}
    </Tag>
  );
}

export const isOverdue = (audit: { dueAt: string; closedAt: string | null }) =>
  !audit.closedAt && new Date(audit.dueAt).getTime() < Date.now();

/** The due date, marked when the audit is overdue. */
export function DueDate({
  audit,
  testId,
}: {
  audit: { dueAt: string; closedAt: string | null };
  testId?: string;
}) {
  const t = useAuditT();
  const overdue = isOverdue(audit);
  return (
    <span data-testid={testId}>
      <Typography.Text type={overdue ? 'danger' : undefined}>{formatDateTime(audit.dueAt)}</Typography.Text>
      {overdue ? (
        <Tag color="error" style={{ marginInlineStart: 6 }}>
          {t('audits.overdue')}
        </Tag>
      ) : null}
    </span>
  );
}

/** The inspected manager's name (their id if it cannot be read). */
export function ManagerName({ institutionId, managerId }: { institutionId: string; managerId: string }) {
  const name = useQuery(managerNameQuery(institutionId, managerId));
  return <>{name.data ?? (name.isPending ? '…' : managerId)}</>;
}
