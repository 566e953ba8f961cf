import {
  ArrowLeftOutlined,
  CloudUploadOutlined,
  DownloadOutlined,
  RedoOutlined,
  SaveOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { Badge, Button, Flex, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useDocumentT } from './document-messages';

export interface DocumentTab {
  key: string;
  label: string;
  /** A count of problems shown beside the label when above 0. */
  badge?: number;
  children: ReactNode;
}

export interface DocumentShellProps {
  /** The root's test id. */
  testId: string;
  /** The toolbar's test ids are `<testIdPrefix>-title`, `-version`, `-dirty`, `-undo`, `-redo`, `-save`, `-publish`. */
  testIdPrefix: string;
  back: { to: string; label: string; testId: string };
  title: string;
  documentKey: string;
  status: ReactNode;
  version: number | null | undefined;
  /** Said beside the version when the draft is no longer what was published last. */
  draftChanged?: string;
  dirty: boolean;
  history: { undo: () => void; redo: () => void; canUndo: boolean; canRedo: boolean };
  /** Buttons between redo and export (settings, import). */
  actions?: ReactNode;
  /** The export button: a link to the server's export, or a download made here. */
  exportButton: { label: string; testId: string; href?: string; onClick?: () => void };
  onSave: () => void;
  saving: boolean;
  onPublish: () => void;
  publishing: boolean;
  tabs: DocumentTab[];
  /** Each tab's label carries the test id `<tabTestIdPrefix>-<key>`. */
  tabTestIdPrefix: string;
  activeTab: string;
  onTabChange: (key: string) => void;
  destroyOnHidden?: boolean;
  /** Dialogs of this kind of document. */
  children?: ReactNode;
}

/**
 * The frame of a versioned document's editor: the way back to its list, its name, key, status and
 * version, undo/redo, import/export, save and publish, and its tabs.
 */
export function DocumentShell({
  testId,
  testIdPrefix: prefix,
  back,
  title,
  documentKey,
  status,
  version,
  draftChanged,
  dirty,
  history,
  actions,
  exportButton,
  onSave,
  saving,
  onPublish,
  publishing,
  tabs,
  tabTestIdPrefix,
  activeTab,
  onTabChange,
  destroyOnHidden,
  children,
}: DocumentShellProps) {
  const t = useDocumentT();
  return (
    <div data-testid={testId}>
      <Link to={back.to} data-testid={back.testId}>
        <ArrowLeftOutlined /> {back.label}
      </Link>
      <Flex align="center" justify="space-between" wrap gap={8} style={{ margin: '8px 0' }}>
        <Space align="center" wrap>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid={`${prefix}-title`}>
            {title}
          </Typography.Title>
          <Tag>{documentKey}</Tag>
          {status}
          {version != null ? <Tag data-testid={`${prefix}-version`}>v{version}</Tag> : null}
          {draftChanged ? <Tag color="gold">{draftChanged}</Tag> : null}
          {dirty ? (
            <Tag color="orange" data-testid={`${prefix}-dirty`}>
              {t('document.unsaved')}
            </Tag>
          ) : null}
        </Space>
        <Space wrap>
          <Tooltip title={`${t('document.undo')} (Ctrl+Z)`}>
            <Button
              icon={<UndoOutlined />}
              disabled={!history.canUndo}
              onClick={history.undo}
              aria-label={t('document.undo')}
              data-testid={`${prefix}-undo`}
            />
          </Tooltip>
          <Tooltip title={`${t('document.redo')} (Ctrl+Shift+Z)`}>
            <Button
              icon={<RedoOutlined />}
              disabled={!history.canRedo}
              onClick={history.redo}
              aria-label={t('document.redo')}
              data-testid={`${prefix}-redo`}
            />
          </Tooltip>
          {actions}
          <Button
            icon={<DownloadOutlined />}
            href={exportButton.href}
            onClick={exportButton.onClick}
            data-testid={exportButton.testId}
          >
            {exportButton.label}
          </Button>
          <Button
            icon={<SaveOutlined />}
            onClick={onSave}
            loading={saving}
            disabled={!dirty}
            data-testid={`${prefix}-save`}
          >
            {t('document.save')}
          </Button>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            onClick={onPublish}
            loading={publishing}
            data-testid={`${prefix}-publish`}
          >
            {t('document.publish')}
          </Button>
        </Space>
      </Flex>
      <Tabs
        activeKey={activeTab}
        onChange={onTabChange}
        items={tabs.map((tab) => ({
          key: tab.key,
          label: (
            <span data-testid={`${tabTestIdPrefix}-${tab.key}`}>
              {tab.label}
              {tab.badge ? <Badge count={tab.badge} size="small" offset={[4, -8]} /> : null}
            </span>
          ),
          children: tab.children,
        }))}
        destroyOnHidden={destroyOnHidden}
      />
      {children}
    </div>
  );
}
