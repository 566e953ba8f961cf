import { useApiErrorHandler } from '@rapport/ui-shared';
import { useState } from 'react';
import { type ServerProblem, serverProblemsOf } from './server-problems';

/** Runs a plan save; a refusal's problems are kept to show on their fields. */
export function usePlanSave() {
  const onError = useApiErrorHandler();
  const [problems, setProblems] = useState<ServerProblem[]>([]);
  const show = (error: unknown, reload?: () => void) => {
    const refused = serverProblemsOf(error);
    if (refused.length > 0) setProblems(refused);
    else onError(error, { onConflict: reload });
  };
  const run = (mutate: (callbacks: { onError: (error: unknown) => void }) => void, reload?: () => void) => {
    setProblems([]);
    mutate({ onError: (error) => show(error, reload) });
  };
  return { problems, run, show, clear: () => setProblems((p) => (p.length > 0 ? [] : p)) };
}
