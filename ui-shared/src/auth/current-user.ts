import { createContext, useContext } from 'react';
import type { User } from '../api/types';

export const CurrentUserContext = createContext<User | null>(null);

/** The signed-in user; only valid below {@link RequireAuth}. */
export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser() is only available inside <RequireAuth>');
  return user;
}
