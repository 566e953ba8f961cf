import type { FormDiff } from '@rapport/ui-shared';
import { Empty, List, Typography } from 'antd';
import { type ChangeKind, ChangeTag } from '../document-shell/change-tag';
import { useBuilderT } from './builder-messages';

type Row = { kind: ChangeKind; pointer: string; title?: string; keywords?: string[] };

/** What changed between two versions, field by field. */
export function DiffView({ diff }: { diff: FormDiff }) {
  const t = useBuilderT();
  const rows: Row[] = [
    ...diff.added.map((d) => ({ kind: 'added' as const, ...d })),
    ...diff.removed.map((d) => ({ kind: 'removed' as const, ...d })),
    ...diff.changed.map((d) => ({ kind: 'changed' as const, ...d })),
  ];
  return (
    <div data-testid="diff-view">
      {rows.length === 0 ? (
        <Empty description={t('versions.noDiff')} />
      ) : (
        <List
          size="small"
          dataSource={rows}
          renderItem={(row) => (
            <List.Item data-testid={`diff-${row.kind}`}>
              <span>
                <ChangeTag kind={row.kind} />
                <Typography.Text code>{row.pointer}</Typography.Text> {row.title ?? ''}
                {row.keywords ? (
                  <Typography.Text type="secondary"> ({row.keywords.join(', ')})</Typography.Text>
                ) : null}
              </span>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
