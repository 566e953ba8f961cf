import { useCurrentUser, useT } from '@rapport/ui-shared';
import { Result } from 'antd';
import type { ReactNode } from 'react';

/** Forms and submissions belong to an institution; a user without one (the platform admin) has none to fill. */
export function RequireInstitution({ children }: { children: (institutionId: string) => ReactNode }) {
  const user = useCurrentUser();
  const t = useT();
  if (!user.institutionId) return <Result status="info" title={t('common.noInstitution')} />;
  return children(user.institutionId);
}
