import type { SubmissionStatus } from '@rapport/ui-shared';
import { Tag } from 'antd';
import { usePortalT } from '../portal-messages';

export function SubmissionStatusTag({ status }: { status: SubmissionStatus }) {
  const t = usePortalT();
  return (
    <Tag color={status === 'submitted' ? 'green' : 'gold'} data-testid="submission-status">
      {t(`submission.status.${status}`)}
    </Tag>
  );
}
