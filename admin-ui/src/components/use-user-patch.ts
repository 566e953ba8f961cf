import type { User } from '@rapport/ui-shared';
import type { FormInstance } from 'antd';
import { type UserPatch, useReloadUsers, useUpdateUser } from '../api/users';
import { useSaveHandler } from './use-save-handler';

export interface UserPatchOptions {
  institutionId: string;
  user: User | undefined;
  form: FormInstance;
  /** Fields of the form that a 400 `VALIDATION_ERROR` is shown next to. */
  fields?: readonly string[];
  onClose: () => void;
}

/**
 * Saves a change to `user` at the revision the modal was opened with: a stale revision reloads the
 * users and closes the modal.
 */
export function useUserPatch({ institutionId, user, form, fields, onClose }: UserPatchOptions) {
  const update = useUpdateUser(institutionId);
  const reload = useReloadUsers(institutionId);
  const save = useSaveHandler({ form, fields, onClose, reload });
  const patch = async (changes: Omit<UserPatch, 'rev'>, successText: string) => {
    if (!user) return;
    await save(async () => {
      await update.mutateAsync({ id: user.id, patch: { rev: user.rev, ...changes } });
      return successText;
    });
  };
  return { patch, saving: update.isPending };
}
