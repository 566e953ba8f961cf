import { useCurrentUser } from '@rapport/ui-shared';
import type { ReactNode } from 'react';
import { HomeRedirect } from './home-redirect';

export function RequirePlatformAdmin({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  return user.role === 'platform_admin' ? children : <HomeRedirect />;
}
