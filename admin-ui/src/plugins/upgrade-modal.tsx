import { localisedName, useLanguage } from '@rapport/ui-shared';
import { Alert, Descriptions, Flex, Modal, Spin, Tag, Typography } from 'antd';
import { type PluginEntry, type UpgradeReport, useUpgradePlugin } from '../api/plugins';
import { usePluginT } from './plugin-messages';
import { ProblemList, problemLinesOf } from './problem-list';

/** Upgrading an installed plugin to the catalogue's version, then what was added, updated and overridden. */
export function UpgradeModal({
  institutionId,
  entry,
  onClose,
}: {
  institutionId: string;
  entry: PluginEntry;
  onClose: () => void;
}) {
  const t = usePluginT();
  const language = useLanguage();
  const upgrade = useUpgradePlugin(institutionId);
  const running = upgrade.isPending;
  const finished = upgrade.isSuccess || upgrade.isError;
  return (
    <Modal
      open
      title={t('upgrade.title', { name: localisedName(entry.name, language) })}
      width={640}
      closable={!running}
      mask={{ closable: !running }}
      keyboard={!running}
      onCancel={onClose}
      footer={running ? null : undefined}
      okText={finished ? t('install.close') : t('plugins.upgrade', { version: entry.version })}
      okButtonProps={{ 'data-testid': finished ? 'upgrade-close' : 'upgrade-confirm' }}
      cancelButtonProps={{ style: finished ? { display: 'none' } : {} }}
      onOk={() => (finished ? onClose() : upgrade.mutate(entry.id))}
    >
      {running ? (
        <Flex vertical align="center" gap={12} style={{ padding: '32px 0' }}>
          <Spin size="large" />
          <Typography.Text strong>{t('upgrade.running')}</Typography.Text>
        </Flex>
      ) : upgrade.isSuccess ? (
        <UpgradeResults report={upgrade.data} />
      ) : upgrade.isError ? (
        <Alert
          type="error"
          showIcon
          title={<ProblemList problems={problemLinesOf(upgrade.error)} testId="upgrade-problems" />}
        />
      ) : (
        <Typography.Paragraph>
          {t('upgrade.confirm', { from: entry.installed?.version ?? '', to: entry.version })}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

function Keys({ keys, color }: { keys: string[]; color?: string }) {
  const t = usePluginT();
  if (keys.length === 0) return <Typography.Text type="secondary">{t('upgrade.nothing')}</Typography.Text>;
  return (
    <Flex wrap gap={4}>
      {keys.map((key) => (
        <Tag key={key} color={color} style={{ marginInlineEnd: 0 }}>
          {key}
        </Tag>
      ))}
    </Flex>
  );
}

function UpgradeResults({ report }: { report: UpgradeReport }) {
  const t = usePluginT();
  return (
    <Flex vertical gap={12} data-testid="upgrade-report">
      <Alert type="success" showIcon title={t('upgrade.done', { from: report.from, to: report.to })} />
      <Descriptions
        size="small"
        bordered
        column={1}
        items={[
          { key: 'added', label: t('upgrade.added'), children: <Keys keys={report.added} color="green" /> },
          {
            key: 'updated',
            label: t('upgrade.updated'),
            children: <Keys keys={report.updated} color="blue" />,
          },
          {
            key: 'changed',
            label: t('upgrade.changedByInstitution'),
            children: <Keys keys={report.changedByInstitution} color="orange" />,
          },
          {
            key: 'kept',
            label: t('upgrade.keptIndicators'),
            children: <Keys keys={report.keptIndicators} />,
          },
        ]}
      />
      {report.changedByInstitution.length > 0 ? (
        <Alert type="warning" showIcon title={t('upgrade.changedByInstitutionHelp')} />
      ) : null}
    </Flex>
  );
}
