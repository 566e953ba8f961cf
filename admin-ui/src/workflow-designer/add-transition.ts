import { uniqueKey } from './unique-key';
import type { WorkflowDraft, WorkflowTransition } from './workflow-draft';

/**
 * Adds a transition between two states, named after where it leads, taken by managers until the
 * designer picks other actors. Returns the new draft and the transition's index.
 */
export function addTransition(
  draft: WorkflowDraft,
  from: string,
  to: string,
): { draft: WorkflowDraft; index: number } {
  const target = draft.states.find((s) => s.key === to);
  const taken = new Set(draft.transitions.filter((t) => t.from === from).map((t) => t.key));
  const transition: WorkflowTransition = {
    key: uniqueKey(`to-${to}`, taken),
    label: { zh: `转到${target?.label.zh ?? to}`, en: `To ${target?.label.en ?? to}` },
    from,
    to,
    actors: { kind: 'role', role: 'manager' },
  };
  return {
    draft: { ...draft, transitions: [...draft.transitions, transition] },
    index: draft.transitions.length,
  };
}
