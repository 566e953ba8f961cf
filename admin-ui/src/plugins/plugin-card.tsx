import { formatDateTime, industryLabel, localisedName, useLanguage, useT } from '@rapport/ui-shared';
import { Alert, Button, Card, Flex, Popconfirm, Tag, Typography } from 'antd';
import type { PluginEntry, PluginInstallStatus } from '../api/plugins';
import { PluginContents } from './plugin-contents';
import { usePluginT } from './plugin-messages';
import { ProblemList } from './problem-list';

const STATUS_COLOURS: Record<PluginInstallStatus, string> = {
  enabled: 'success',
  disabled: 'default',
  installing: 'error',
};

export interface PluginCardProps {
  entry: PluginEntry;
  /** A request for this plugin is running (enable or disable). */
  busy: boolean;
  onInstall: () => void;
  onSetStatus: (action: 'enable' | 'disable') => void;
  onUpgrade: () => void;
  onUninstall: () => void;
}

/** One plugin of the catalogue: what it is, what installing adds, why it is refused, and what can be done with it. */
export function PluginCard({ entry, busy, onInstall, onSetStatus, onUpgrade, onUninstall }: PluginCardProps) {
  const t = usePluginT();
  const tShared = useT();
  const language = useLanguage();
  const installed = entry.installed;
  const refused = !entry.installable;
  const id = entry.id;
  const actions = installed ? (
    <Flex gap={8} wrap>
      {installed.status === 'enabled' ? (
        <Popconfirm
          title={t('plugins.disable')}
          description={<div style={{ maxWidth: 320 }}>{t('plugins.disableHelp')}</div>}
          onConfirm={() => onSetStatus('disable')}
          okButtonProps={{ 'data-testid': `plugin-disable-confirm-${id}` }}
        >
          <Button loading={busy} data-testid={`plugin-disable-${id}`}>
            {t('plugins.disable')}
          </Button>
        </Popconfirm>
      ) : installed.status === 'disabled' ? (
        <Button loading={busy} onClick={() => onSetStatus('enable')} data-testid={`plugin-enable-${id}`}>
          {t('plugins.enable')}
        </Button>
      ) : null}
      {installed.upgradeAvailable && installed.status !== 'installing' ? (
        <Button type="primary" onClick={onUpgrade} data-testid={`plugin-upgrade-${id}`}>
          {t('plugins.upgrade', { version: entry.version })}
        </Button>
      ) : null}
      <Button danger onClick={onUninstall} data-testid={`plugin-uninstall-${id}`}>
        {t('plugins.uninstall')}
      </Button>
    </Flex>
  ) : (
    <Button type="primary" disabled={refused} onClick={onInstall} data-testid={`plugin-install-${id}`}>
      {t('plugins.install')}
    </Button>
  );
  return (
    <Card
      data-testid={`plugin-card-${id}`}
      title={
        <Flex gap={8} align="center" wrap>
          <span data-testid={`plugin-name-${id}`}>{localisedName(entry.name, language)}</span>
          <Tag color="blue">{industryLabel(tShared, entry.industry)}</Tag>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('plugins.version', { version: entry.version })}
          </Typography.Text>
        </Flex>
      }
      extra={
        installed ? (
          <Tag color={STATUS_COLOURS[installed.status]} data-testid={`plugin-status-${id}`}>
            {t(`plugins.status.${installed.status}`)}
          </Tag>
        ) : null
      }
      style={{ height: '100%' }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 12 } }}
    >
      <Typography.Paragraph style={{ margin: 0 }}>
        {localisedName(entry.description, language)}
      </Typography.Paragraph>
      {installed ? (
        <Typography.Text type="secondary">
          {t('plugins.installedVersion', { version: installed.version })} ·{' '}
          {t('plugins.installedAt', { at: formatDateTime(installed.installedAt) })}
        </Typography.Text>
      ) : null}
      {entry.dependsOn.length > 0 || entry.server ? (
        <Flex gap={8} wrap>
          {entry.dependsOn.length > 0 ? (
            <Tag>
              {t('plugins.dependsOn', {
                list: entry.dependsOn.map((d) => `${d.id} ${d.version}`).join(', '),
              })}
            </Tag>
          ) : null}
          {entry.server ? <Tag>{t('plugins.server')}</Tag> : null}
        </Flex>
      ) : null}
      {installed?.status === 'installing' ? (
        <Alert type="error" showIcon title={t('plugins.incomplete')} />
      ) : null}
      {entry.problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          data-testid={`plugin-problems-${id}`}
          title={refused ? t('plugins.refused') : t('plugins.problems')}
          description={
            <>
              <Typography.Text>{t('plugins.problems')}</Typography.Text>
              <ProblemList
                testId={`plugin-problem-list-${id}`}
                problems={entry.problems.map((p) => ({ ...p, message: localisedName(p.message, language) }))}
              />
            </>
          }
        />
      ) : null}
      {entry.serverError ? (
        <Alert
          type="warning"
          showIcon
          data-testid={`plugin-server-error-${id}`}
          title={t('plugins.serverError', { error: entry.serverError })}
        />
      ) : null}
      <Typography.Text strong>
        {installed ? t('plugins.contains', { version: entry.version }) : t('plugins.adds')}
      </Typography.Text>
      <PluginContents pluginId={id} contents={entry.contents} />
      <Flex justify="flex-end" style={{ marginTop: 'auto' }}>
        {actions}
      </Flex>
    </Card>
  );
}
