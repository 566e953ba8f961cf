import type { CycleStatus } from '@rapport/schemas';
import { Tag } from 'antd';
import { useCycleT } from './cycle-messages';

const STATUS_COLOURS: Record<CycleStatus, string> = {
  draft: 'default',
  launched: 'processing',
  published: 'success',
  closed: 'default',
};

export function CycleStatusTag({ status, testId }: { status: CycleStatus; testId?: string }) {
  const t = useCycleT();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid={testId}>
      {t(`cycles.status.${status}`)}
    </Tag>
  );
}
