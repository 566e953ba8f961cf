import { useCurrentUser } from '@rapport/ui-shared';
import { Navigate, Outlet, useLocation, useParams } from 'react-router';
import { InstitutionHeader } from './institution-header';

/**
 * Pages about one institution. An institution admin only ever sees their own (the API answers 404
 * for others), so another id in the address is replaced by theirs.
 */
export function InstitutionScope() {
  const user = useCurrentUser();
  const { institutionId = '' } = useParams();
  const location = useLocation();
  if (user.role !== 'platform_admin' && user.institutionId && institutionId !== user.institutionId) {
    const section = location.pathname.endsWith('/events') ? 'events' : 'users';
    return <Navigate to={`/institutions/${user.institutionId}/${section}`} replace />;
  }
  return (
    <>
      <InstitutionHeader institutionId={institutionId} />
      <Outlet />
    </>
  );
}
