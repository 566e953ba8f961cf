import { useQuery } from '@tanstack/react-query';
import { managerNameQuery } from '../api/audits';

/** The inspected manager's name (their id if it cannot be read). */
export function ManagerName({ institutionId, managerId }: { institutionId: string; managerId: string }) {
  const name = useQuery(managerNameQuery(institutionId, managerId));
  return <>{name.data ?? (name.isPending ? '…' : managerId)}</>;
}
