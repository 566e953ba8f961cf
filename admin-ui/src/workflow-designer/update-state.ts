import type { WorkflowDraft, WorkflowState } from './workflow-draft';

/** Changes some properties of a state; a property set to `undefined` is removed. Its key goes through {@link renameState}. */
export function updateState(
  draft: WorkflowDraft,
  index: number,
  changes: Partial<Omit<WorkflowState, 'key'>>,
): WorkflowDraft {
  const state = draft.states[index];
  if (!state) return draft;
  const next = { ...state, ...changes } as Record<string, unknown>;
  for (const [name, value] of Object.entries(next)) if (value === undefined) delete next[name];
  return {
    ...draft,
    states: draft.states.map((s, i) => (i === index ? (next as unknown as WorkflowState) : s)),
  };
}
