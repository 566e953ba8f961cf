import { Tag } from 'antd';
import { useDocumentT } from './document-messages';

export type ChangeKind = 'added' | 'removed' | 'changed';

const COLORS: Record<ChangeKind, string> = { added: 'green', removed: 'red', changed: 'blue' };

/** 新增 / 删除 / 修改, in the colours every diff between versions uses. */
export function ChangeTag({ kind }: { kind: ChangeKind }) {
  const t = useDocumentT();
  return <Tag color={COLORS[kind]}>{t(`versions.${kind}`)}</Tag>;
}
