import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { usersQuery } from '../api/users';

/** A user's name by id (managers, auditors), the id itself while the users load or for someone gone. */
export function useUserNames(institutionId: string): (id: string | null) => string {
  const users = useQuery(usersQuery(institutionId));
  return useMemo(() => {
    const byId = new Map((users.data ?? []).map((u) => [u.id, u.name]));
    return (id) => (id ? (byId.get(id) ?? id) : '');
  }, [users.data]);
}
