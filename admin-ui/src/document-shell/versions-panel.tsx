import { formatDateTime, type UserRef } from '@rapport/ui-shared';
import { Card, Empty, Flex, Select, Table } from 'antd';
import type { ColumnType } from 'antd/es/table';
import type { ReactNode } from 'react';
import { useDocumentT } from './document-messages';

/** A published version as every versioned document lists it. */
export interface PublishedVersion {
  version: number;
  publishedAt: string;
  publishedBy: UserRef;
}

/** One end of a comparison: a published version, or the draft. */
export type Side = number | 'draft';

export interface SidePicker<S extends Side> {
  value: S | undefined;
  onChange: (side: S) => void;
  options: { value: S; label: string }[];
  width: number;
  testId: string;
}

function SideSelect<S extends Side>({ side }: { side: SidePicker<S> }) {
  return (
    <Select<S>
      style={{ width: side.width }}
      value={side.value}
      onChange={side.onChange}
      options={side.options}
      data-testid={side.testId}
    />
  );
}

/** `v1`, `v2`, … as the pickers offer them. */
export const versionOptions = (versions: readonly PublishedVersion[]) =>
  versions.map((v) => ({ value: v.version, label: `v${v.version}` }));

/**
 * A document's published versions (newest first) and, once there is one, a card comparing any two
 * of them or a version and the draft; `children` is the comparison, `notice` what to say above it.
 */
export function VersionsPanel<V extends PublishedVersion, F extends Side, T extends Side>({
  testId,
  versions,
  extraColumn,
  from,
  to,
  notice,
  children,
}: {
  testId: string;
  versions: V[];
  /** A last column of what this kind of document tells apart its versions by. */
  extraColumn: ColumnType<V>;
  from: SidePicker<F>;
  to: SidePicker<T>;
  notice?: ReactNode;
  children: ReactNode;
}) {
  const t = useDocumentT();
  return (
    <Flex vertical gap={16}>
      <div data-testid={testId}>
        <Table<V>
          size="small"
          rowKey="version"
          pagination={false}
          dataSource={versions}
          locale={{ emptyText: <Empty description={t('versions.none')} /> }}
          columns={[
            { title: t('versions.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
            {
              title: t('versions.publishedAt'),
              dataIndex: 'publishedAt',
              render: (at: string) => formatDateTime(at),
            },
            {
              title: t('versions.publishedBy'),
              key: 'by',
              render: (_, v) => `${v.publishedBy.name} <${v.publishedBy.email}>`,
            },
            extraColumn,
          ]}
        />
      </div>
      {versions.length > 0 ? (
        <Card size="small" title={t('versions.compare')}>
          <Flex gap={8} align="center" wrap style={{ marginBottom: 12 }}>
            {t('versions.from')}
            <SideSelect side={from} />
            {t('versions.to')}
            <SideSelect side={to} />
          </Flex>
          {notice}
          {children}
        </Card>
      ) : null}
    </Flex>
  );
}
