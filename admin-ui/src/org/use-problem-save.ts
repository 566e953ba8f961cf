import { isApiError, useApiErrorHandler } from '@rapport/ui-shared';
import { App } from 'antd';
import { useState } from 'react';

/**
 * What the server refused, one line per problem: a 400 lists every problem in its details; another
 * refusal (a code taken, a unit not empty) is one line. Empty for a stale rev and for failures that
 * are not refusals (network, 5xx), which the usual handler reports.
 */
export function problemsOf(error: unknown): string[] {
  if (!isApiError(error) || error.code === 'ERR_CONFLICT') return [];
  if (error.status !== 400 && error.status !== 409) return [];
  const details = Array.isArray(error.details) ? error.details : [];
  const listed = details
    .map((d: unknown) =>
      typeof d === 'object' && d !== null ? (d as { message?: unknown }).message : undefined,
    )
    .filter((m): m is string => typeof m === 'string' && m !== '');
  return listed.length > 0 ? listed : [error.message];
}

export interface ProblemSaveOptions {
  onClose: () => void;
  /** On a stale `rev` (409), reloads the data and closes the modal. */
  reload?: () => unknown;
}

/**
 * The submit of a modal whose refusals the admin must read in full: runs `save`, shows the success
 * text it returns and closes; a refusal keeps the modal open with every problem listed in it.
 */
export function useProblemSave({ onClose, reload }: ProblemSaveOptions) {
  const { message } = App.useApp();
  const onError = useApiErrorHandler();
  const [problems, setProblems] = useState<string[]>([]);
  const close = () => {
    setProblems([]);
    onClose();
  };
  const save = async (run: () => Promise<string>) => {
    setProblems([]);
    try {
      message.success(await run());
      close();
    } catch (error) {
      const refused = problemsOf(error);
      if (refused.length > 0) {
        setProblems(refused);
        return;
      }
      onError(error, {
        onConflict: reload
          ? () => {
              void reload();
              close();
            }
          : undefined,
      });
    }
  };
  return { save, problems, close };
}
