import { type FormProblem, formsApi, problemMessage, useLanguage } from '@rapport/ui-shared';
import { useEffect, useState } from 'react';
import type { FormDraft } from '../builder/form-draft';

/** How long the draft must stay unchanged before the server checks it. */
const CHECK_DELAY_MS = 600;

/** The server's problems with the current draft (POST /forms/check), refreshed shortly after each edit. */
export function useLiveCheck(institutionId: string, draft: FormDraft): FormProblem[] {
  const language = useLanguage();
  const [problems, setProblems] = useState<FormProblem[]>([]);
  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      formsApi.check(institutionId, draft).then(
        (result) => {
          if (!cancelled)
            setProblems(result.problems.map((p) => ({ ...p, message: problemMessage(p, language) })));
        },
        // A failed check (offline, old server) must not block editing; saving reports real problems.
        () => undefined,
      );
    }, CHECK_DELAY_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [institutionId, draft, language]);
  return problems;
}
