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
    // Keep the rest of the address (users, events, forms/…) on the admin's own institution.
    const rest = location.pathname.split('/').slice(3).join('/') || 'users';
    return <Navigate to={`/institutions/${user.institutionId}/${rest}`} replace />;
  }
  return (
    <>
      <InstitutionHeader institutionId={institutionId} />
      <Outlet />
    </>
  );
}
