import type { User } from '@rapport/ui-shared';

/** Props of a modal that changes one user of an institution; it is open while `user` is set. */
export interface UserModalProps {
  institutionId: string;
  user: User | undefined;
  onClose: () => void;
}
