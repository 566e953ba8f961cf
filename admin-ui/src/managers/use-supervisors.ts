import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { usersQuery } from '../api/users';

/** The institution's active supervisors, as select options, and every user's name by id. */
export function useSupervisors(institutionId: string) {
  const users = useQuery(usersQuery(institutionId));
  return useMemo(() => {
    const all = users.data ?? [];
    return {
      options: all
        .filter((u) => u.role === 'supervisor' && !u.disabled)
        .map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })),
      nameOf: new Map(all.map((u) => [u.id, u.name])),
      loading: users.isPending,
    };
  }, [users.data, users.isPending]);
}
