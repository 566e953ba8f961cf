import { useCurrentUser } from '@rapport/ui-shared';
import { Navigate } from 'react-router';

/** The platform admin starts at the institutions, an institution admin at their own users. */
export function HomeRedirect() {
  const user = useCurrentUser();
  if (user.role === 'platform_admin') return <Navigate to="/institutions" replace />;
  if (user.institutionId) return <Navigate to={`/institutions/${user.institutionId}/users`} replace />;
  return <Navigate to="/login" replace />;
}
