import { Tag } from 'antd';
import type { AuditStatus } from '../api/audits';
import { useT } from '../i18n/shared-messages';

const STATUS_COLOURS: Record<AuditStatus, string> = {
  assigned: 'default',
  open: 'processing',
  'awaiting-response': 'warning',
  responded: 'cyan',
  closed: 'success',
};

/** Where an audit stands. */
export function AuditStatusTag({ status, testId }: { status: AuditStatus; testId?: string }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testId}>
      {t(`auditStatus.${status}`)}
    </Tag>
  );
}
