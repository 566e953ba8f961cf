import type { FormStatus } from '@rapport/ui-shared';
import { Tag } from 'antd';
import { useBuilderT } from './builder-messages';

const COLORS: Record<FormStatus, string> = { draft: 'default', published: 'green', archived: 'orange' };

/** 草稿 / 已发布 / 已归档. */
export function FormStatusTag({ status }: { status: FormStatus }) {
  const t = useBuilderT();
  return (
    <Tag color={COLORS[status]} data-testid="form-status">
      {t(`forms.status.${status}`)}
    </Tag>
  );
}
