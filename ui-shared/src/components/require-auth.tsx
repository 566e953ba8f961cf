import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { CurrentUserContext } from '../auth/current-user';
import { useMe } from '../auth/use-me';
import { FullPageSpinner } from './full-page-spinner';
import { LoadError } from './load-error';

export interface RequireAuthProps {
  /** Rendered for a signed-in user, who is then available through `useCurrentUser()`. */
  children: ReactNode;
  /** Where signed-out visitors go; they come back to the current location after signing in. */
  loginPath?: string;
}

/** Route guard: shows its children only to a signed-in user. */
export function RequireAuth({ children, loginPath = '/login' }: RequireAuthProps) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpinner />;
  if (me.isError) return <LoadError error={me.error} onRetry={() => me.refetch()} />;
  if (me.data === null) {
    return <Navigate to={loginPath} replace state={{ from: `${location.pathname}${location.search}` }} />;
  }
  return <CurrentUserContext.Provider value={me.data}>{children}</CurrentUserContext.Provider>;
}
