import { LoadError, useApiErrorHandler } from '@rapport/ui-shared';
import { useQuery } from '@tanstack/react-query';
import { App, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { managerPageQuery } from '../api/org';
import { type PluginEntry, pluginsQuery, useSetPluginStatus } from '../api/plugins';
import { InstallModal } from '../plugins/install-modal';
import { PluginCard } from '../plugins/plugin-card';
import { usePluginT } from '../plugins/plugin-messages';
import { UninstallModal } from '../plugins/uninstall-modal';
import { UpgradeModal } from '../plugins/upgrade-modal';

type Dialog = { kind: 'install' | 'upgrade' | 'uninstall'; entry: PluginEntry } | null;

/** The plugin catalogue of an institution: each plugin as a card, installed or not, with its dialogs. */
export default function PluginsPage() {
  const t = usePluginT();
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const { institutionId = '' } = useParams();
  const plugins = useQuery(pluginsQuery(institutionId));
  // Demo data is offered by default to an institution that has no managers of its own yet.
  const managers = useQuery(managerPageQuery(institutionId, { page: 1, pageSize: 1 }));
  const setStatus = useSetPluginStatus(institutionId);
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="page-title">
        {t('plugins.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('plugins.intro')}</Typography.Paragraph>
      {plugins.isError ? (
        <LoadError error={plugins.error} onRetry={() => plugins.refetch()} />
      ) : plugins.isPending ? (
        <Skeleton active />
      ) : plugins.data.length === 0 ? (
        <Empty description={t('plugins.empty')} />
      ) : (
        <Row gutter={[16, 16]} data-testid="plugins-catalogue">
          {plugins.data.map((entry) => (
            <Col key={entry.id} xs={24} xl={12} xxl={8}>
              <PluginCard
                entry={entry}
                busy={setStatus.isPending && setStatus.variables?.pluginId === entry.id}
                onInstall={() => setDialog({ kind: 'install', entry })}
                onUpgrade={() => setDialog({ kind: 'upgrade', entry })}
                onUninstall={() => setDialog({ kind: 'uninstall', entry })}
                onSetStatus={(action) =>
                  setStatus.mutate(
                    { pluginId: entry.id, action },
                    {
                      onSuccess: () =>
                        message.success(action === 'enable' ? t('plugins.enabled') : t('plugins.disabled')),
                      onError: (error) => onError(error),
                    },
                  )
                }
              />
            </Col>
          ))}
        </Row>
      )}
      {dialog?.kind === 'install' ? (
        <InstallModal
          institutionId={institutionId}
          entry={dialog.entry}
          demoByDefault={managers.data?.total === 0}
          onClose={close}
        />
      ) : null}
      {dialog?.kind === 'upgrade' ? (
        <UpgradeModal institutionId={institutionId} entry={dialog.entry} onClose={close} />
      ) : null}
      {dialog?.kind === 'uninstall' ? (
        <UninstallModal institutionId={institutionId} entry={dialog.entry} onClose={close} />
      ) : null}
    </>
  );
}
