import { FullPageSpinner, isApiError, LoadError, useInstance, useWorkflowVersion } from '@rapport/ui-shared';
import { Result } from 'antd';
import { useParams } from 'react-router';
import { RequireInstitution } from '../components/require-institution';
import { usePortalT } from '../portal-messages';
import { InstanceView } from './instance/instance-view';

function InstanceLoader({ institutionId, instanceId }: { institutionId: string; instanceId: string }) {
  const t = usePortalT();
  const instance = useInstance(institutionId, instanceId);
  const definition = useWorkflowVersion(institutionId, instance.data?.workflowId, instance.data?.version);

  if (instance.isError) {
    if (isApiError(instance.error, 'ERR_NOT_FOUND'))
      return <Result status="404" title={t('instance.notFound')} data-testid="instance-not-found" />;
    return <LoadError error={instance.error} onRetry={() => instance.refetch()} />;
  }
  if (definition.isError) return <LoadError error={definition.error} onRetry={() => definition.refetch()} />;
  if (!instance.data || !definition.data) return <FullPageSpinner />;
  return (
    <InstanceView
      institutionId={institutionId}
      instance={instance.data}
      definition={definition.data}
      onReload={() => instance.refetch()}
    />
  );
}

export default function InstancePage() {
  const { instanceId = '' } = useParams();
  return (
    <RequireInstitution>
      {(institutionId) => <InstanceLoader institutionId={institutionId} instanceId={instanceId} />}
    </RequireInstitution>
  );
}
