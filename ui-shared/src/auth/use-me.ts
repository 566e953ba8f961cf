import { useQuery } from '@tanstack/react-query';
import { meQuery } from './me-query';

/** `data` is the signed-in user, `null` when signed out, `undefined` while loading. */
export function useMe() {
  return useQuery(meQuery);
}
