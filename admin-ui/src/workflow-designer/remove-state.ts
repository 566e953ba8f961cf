import type { WorkflowDraft } from './workflow-draft';

/** Removes a state and every transition into or out of it. */
export function removeState(draft: WorkflowDraft, index: number): WorkflowDraft {
  const state = draft.states[index];
  if (!state) return draft;
  return {
    ...draft,
    states: draft.states.filter((_, i) => i !== index),
    transitions: draft.transitions.filter((t) => t.from !== state.key && t.to !== state.key),
  };
}
