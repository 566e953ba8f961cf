import { isApiError, localisedName, useLanguage } from '@rapport/ui-shared';
import { Alert, App, Button, Flex, Modal, Spin, Typography } from 'antd';
import { type PluginDependents, type PluginEntry, useUninstallPlugin } from '../api/plugins';
import { usePluginT } from './plugin-messages';
import { ProblemList, problemLinesOf } from './problem-list';

const DEPENDENT_KINDS = ['submissions', 'instances', 'launchedCycles', 'audits', 'candidates'] as const;

/**
 * Uninstalling: removes what the install created. While data depends on it the server refuses
 * (409 PLUGINS_ERR_IN_USE); then the dependents are listed and archiving is offered instead.
 */
export function UninstallModal({
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
  const { message } = App.useApp();
  const uninstall = useUninstallPlugin(institutionId);
  const running = uninstall.isPending;
  const inUse = isApiError(uninstall.error, 'PLUGINS_ERR_IN_USE');
  const dependents = inUse ? (uninstall.error?.details as Partial<PluginDependents> | undefined) : undefined;
  const run = (archive: boolean) =>
    uninstall.mutate(
      { pluginId: entry.id, archive },
      {
        onSuccess: (result) => {
          message.success(result.archived ? t('uninstall.archived') : t('uninstall.done'));
          onClose();
        },
      },
    );
  const footer = running
    ? null
    : inUse
      ? [
          <Button key="cancel" onClick={onClose}>
            {t('uninstall.cancel')}
          </Button>,
          <Button
            key="archive"
            type="primary"
            danger
            onClick={() => run(true)}
            data-testid="uninstall-archive"
          >
            {t('uninstall.archive')}
          </Button>,
        ]
      : [
          <Button key="cancel" onClick={onClose}>
            {t('uninstall.cancel')}
          </Button>,
          <Button
            key="uninstall"
            type="primary"
            danger
            onClick={() => run(false)}
            data-testid="uninstall-confirm"
          >
            {t('plugins.uninstall')}
          </Button>,
        ];
  return (
    <Modal
      open
      title={t('uninstall.title', { name: localisedName(entry.name, language) })}
      width={600}
      closable={!running}
      mask={{ closable: !running }}
      keyboard={!running}
      onCancel={onClose}
      footer={footer}
    >
      {running ? (
        <Flex vertical align="center" gap={12} style={{ padding: '32px 0' }}>
          <Spin size="large" />
          <Typography.Text strong>{t('uninstall.running')}</Typography.Text>
        </Flex>
      ) : inUse ? (
        <Flex vertical gap={12} data-testid="uninstall-in-use">
          <Alert
            type="warning"
            showIcon
            title={t('uninstall.inUse')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {DEPENDENT_KINDS.filter((kind) => (dependents?.[kind] ?? 0) > 0).map((kind) => (
                  <li key={kind} data-testid={`uninstall-dependent-${kind}`}>
                    {t(`uninstall.dependents.${kind}`, { count: dependents?.[kind] ?? 0 })}
                  </li>
                ))}
              </ul>
            }
          />
          <Typography.Paragraph style={{ margin: 0 }}>{t('uninstall.archiveExplain')}</Typography.Paragraph>
        </Flex>
      ) : (
        <Flex vertical gap={12}>
          <Typography.Paragraph style={{ margin: 0 }}>{t('uninstall.confirm')}</Typography.Paragraph>
          {uninstall.isError ? (
            <Alert
              type="error"
              showIcon
              title={<ProblemList problems={problemLinesOf(uninstall.error)} testId="uninstall-problems" />}
            />
          ) : null}
        </Flex>
      )}
    </Modal>
  );
}
