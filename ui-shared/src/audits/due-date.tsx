import { Tag, Typography } from 'antd';
import { formatDateTime } from '../i18n/format';
import { useT } from '../i18n/shared-messages';
import { isOverdue } from './audit-labels';

/** An audit's due date, marked when the audit is overdue. */
export function DueDate({
  audit,
  testId,
}: {
  audit: { dueAt: string; closedAt: string | null };
  testId?: string;
}) {
  const t = useT();
  const overdue = isOverdue(audit);
  return (
    <span data-testid={testId}>
      <Typography.Text type={overdue ? 'danger' : undefined}>{formatDateTime(audit.dueAt)}</Typography.Text>
      {overdue ? (
        <Tag color="error" style={{ marginInlineStart: 6 }}>
          {t('audit.overdue')}
        </Tag>
      ) : null}
    </span>
  );
}
