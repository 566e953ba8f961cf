import type { WorkflowDraft } from './workflow-draft';

export function removeTransition(draft: WorkflowDraft, index: number): WorkflowDraft {
  if (!draft.transitions[index]) return draft;
  return { ...draft, transitions: draft.transitions.filter((_, i) => i !== index) };
}
