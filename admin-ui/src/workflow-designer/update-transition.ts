import type { WorkflowDraft, WorkflowTransition } from './workflow-draft';

/** Changes some properties of a transition; a property set to `undefined` (no form, no guard) is removed. */
export function updateTransition(
  draft: WorkflowDraft,
  index: number,
  changes: Partial<WorkflowTransition>,
): WorkflowDraft {
  const transition = draft.transitions[index];
  if (!transition) return draft;
  const next = { ...transition, ...changes } as Record<string, unknown>;
  for (const [name, value] of Object.entries(next)) if (value === undefined) delete next[name];
  return {
    ...draft,
    transitions: draft.transitions.map((t, i) => (i === index ? (next as unknown as WorkflowTransition) : t)),
  };
}
