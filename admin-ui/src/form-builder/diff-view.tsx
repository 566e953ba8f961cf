import type { FormDiff } from '@rapport/ui-shared';
import { Empty, List, Tag, Typography } from 'antd';
import { useBuilderT } from './builder-messages';

type Row = { kind: 'added' | 'removed' | 'changed'; pointer: string; title?: string; keywords?: string[] };
const COLORS = { added: 'green', removed: 'red', changed: 'blue' } as const;

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
                <Tag color={COLORS[row.kind]}>{t(`versions.${row.kind}`)}</Tag>
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
