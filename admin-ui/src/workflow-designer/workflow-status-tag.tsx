import { Tag } from 'antd';
import type { WorkflowStatus } from '../api/workflows';
import { useDesignerT } from './designer-messages';

export function WorkflowStatusTag({ status }: { status: WorkflowStatus }) {
  const t = useDesignerT();
  return <Tag color={status === 'published' ? 'green' : 'default'}>{t(`status.${status}`)}</Tag>;
}
