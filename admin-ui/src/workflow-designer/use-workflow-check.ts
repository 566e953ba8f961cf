import { checkWorkflow } from '@rapport/schemas';
import { useForms } from '@rapport/ui-shared';
import { useEffect, useMemo, useState } from 'react';
import { workflowDefinitionsApi } from '../api/workflows';
import { schemaProblems } from './schema-problems';
import { contentOf, type WorkflowDraft, type WorkflowProblem } from './workflow-draft';

/** How long the draft must stay unchanged before the server checks it. */
const CHECK_DELAY_MS = 500;

/**
 * The problems of the draft: at once from the schema and `checkWorkflow` in the browser, then from
 * the server's POST /check (authoritative: it knows the institution's forms) once the draft rests.
 */
export function useWorkflowCheck(
  institutionId: string,
  key: string,
  draft: WorkflowDraft,
): WorkflowProblem[] {
  const forms = useForms(institutionId);
  const [server, setServer] = useState<{ draft: WorkflowDraft; problems: WorkflowProblem[] }>();
  const content = useMemo(() => contentOf(key, draft), [key, draft]);
  const local = useMemo(() => {
    const shape = schemaProblems(content);
    if (shape.length > 0) return { shape: true, problems: shape };
    // Until the forms are known, no transition's form is reported missing.
    const formKeys = forms.data
      ? new Set(forms.data.map((f) => f.key))
      : new Set(draft.transitions.flatMap((t) => t.form ?? []));
    return { shape: false, problems: checkWorkflow(content, formKeys) };
  }, [content, draft, forms.data]);

  useEffect(() => {
    // The server refuses a malformed body with a 400 instead of listing problems: the schema's say is enough.
    if (local.shape) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      workflowDefinitionsApi.check(institutionId, content, controller.signal).then(
        (result) => setServer({ draft, problems: result.problems }),
        // A failed check (offline) must not block editing; the browser's own check stands.
        () => undefined,
      );
    }, CHECK_DELAY_MS);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [institutionId, content, draft, local.shape]);

  return server?.draft === draft ? server.problems : local.problems;
}
