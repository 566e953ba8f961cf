import { localisedName, type Role, roleLabel, useLanguage, useT } from '@rapport/ui-shared';
import { Alert, Descriptions, Flex, Modal, Spin, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { CREATED_KINDS, type InstallReport, type PluginEntry, useInstallPlugin } from '../api/plugins';
import { usePluginT } from './plugin-messages';
import { ProblemList, problemLinesOf } from './problem-list';

export interface InstallModalProps {
  institutionId: string;
  entry: PluginEntry;
  /** Whether the demo switch starts on: when the institution has no managers yet. */
  demoByDefault: boolean;
  onClose: () => void;
}

/**
 * Installing a plugin: the demo switch, then a spinner while the server copies content and generates
 * the demo (several seconds), then what was created and skipped and the demo sign-ins, whose one
 * password is shown here once.
 */
export function InstallModal({ institutionId, entry, demoByDefault, onClose }: InstallModalProps) {
  const t = usePluginT();
  const language = useLanguage();
  const name = localisedName(entry.name, language);
  const [demo, setDemo] = useState(demoByDefault && entry.contents.demo !== null);
  const install = useInstallPlugin(institutionId);
  const running = install.isPending;
  const finished = install.isSuccess || install.isError;
  return (
    <Modal
      open
      title={t('install.title', { name })}
      width={720}
      closable={!running}
      mask={{ closable: !running }}
      keyboard={!running}
      onCancel={onClose}
      // While the server works there is nothing to press: the spinner says it is running.
      footer={running ? null : undefined}
      okText={finished ? t('install.close') : t('install.confirm')}
      okButtonProps={{ loading: running, 'data-testid': finished ? 'install-close' : 'install-confirm' }}
      cancelButtonProps={{ style: finished || running ? { display: 'none' } : {} }}
      onOk={() => (finished ? onClose() : install.mutate({ pluginId: entry.id, demo }))}
    >
      {running ? (
        <Flex vertical align="center" gap={12} style={{ padding: '32px 0' }} data-testid="install-running">
          <Spin size="large" />
          <Typography.Text strong>{t('install.running')}</Typography.Text>
          <Typography.Text type="secondary">{t('install.runningHelp')}</Typography.Text>
        </Flex>
      ) : install.isSuccess ? (
        <InstallResults report={install.data} name={name} />
      ) : install.isError ? (
        <Alert
          type="error"
          showIcon
          title={t('install.refused')}
          description={<ProblemList problems={problemLinesOf(install.error)} testId="install-problems" />}
          data-testid="install-refused"
        />
      ) : entry.contents.demo ? (
        <Flex vertical gap={8}>
          <Flex gap={8} align="center">
            <Switch checked={demo} onChange={setDemo} data-testid="install-demo" />
            <Typography.Text>{t('install.demo')}</Typography.Text>
          </Flex>
          <Typography.Text type="secondary">
            {t('install.demoHelp', { size: t('plugins.contents.demoSize', entry.contents.demo) })}
          </Typography.Text>
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('install.noDemo')}</Typography.Text>
      )}
    </Modal>
  );
}

/** What an install did: counts of what it created, what it skipped and why, the demo sign-ins. */
function InstallResults({ report, name }: { report: InstallReport; name: string }) {
  const t = usePluginT();
  const tShared = useT();
  const language = useLanguage();
  return (
    <Flex vertical gap={16} data-testid="install-report">
      <Alert type="success" showIcon title={t('install.done', { name, version: report.version })} />
      <Descriptions
        size="small"
        bordered
        column={2}
        title={t('install.created')}
        data-testid="install-created"
        items={CREATED_KINDS.filter((kind) => (report.created[kind] ?? 0) > 0).map((kind) => ({
          key: kind,
          label: t(`created.${kind}`),
          children: <span data-testid={`install-created-${kind}`}>{report.created[kind]}</span>,
        }))}
      />
      {report.skipped.length === 0 ? (
        <Typography.Text type="secondary">{t('install.noneSkipped')}</Typography.Text>
      ) : (
        <Table
          size="small"
          rowKey="what"
          pagination={false}
          title={() => t('install.skipped')}
          dataSource={report.skipped}
          data-testid="install-skipped"
          columns={[
            { title: t('install.what'), dataIndex: 'what' },
            {
              title: t('install.reason'),
              key: 'reason',
              render: (_, s) => localisedName(s.reason, language),
            },
          ]}
        />
      )}
      {report.demoPassword ? (
        <Flex vertical gap={8} data-testid="install-demo-sign-ins">
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('install.demoSignIns')}
          </Typography.Title>
          <Alert
            type="warning"
            showIcon
            title={t('install.demoPasswordOnce')}
            description={
              <Flex gap={8} align="center">
                <Typography.Text>{t('install.demoPassword')}</Typography.Text>
                <Typography.Text
                  code
                  copyable={{ text: report.demoPassword }}
                  data-testid="install-demo-password"
                >
                  {report.demoPassword}
                </Typography.Text>
              </Flex>
            }
          />
          <Table
            size="small"
            rowKey="email"
            pagination={false}
            dataSource={report.demoUsers}
            data-testid="install-demo-users"
            columns={[
              {
                title: t('install.email'),
                dataIndex: 'email',
                render: (email: string) => <Typography.Text copyable>{email}</Typography.Text>,
              },
              {
                title: t('install.role'),
                key: 'role',
                render: (_, u) => roleLabel(tShared, u.role as Role),
              },
            ]}
          />
        </Flex>
      ) : null}
    </Flex>
  );
}
