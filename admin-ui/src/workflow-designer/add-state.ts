import { uniqueKey } from './unique-key';
import type { WorkflowDraft, WorkflowState } from './workflow-draft';

/** Horizontal distance between states placed one after another. */
export const STATE_SPACING = 260;

/**
 * Adds a state at `position`, or to the right of the rightmost one. The first state is the start;
 * later ones are normal until the designer says otherwise. Returns the new draft and the state's index.
 */
export function addState(
  draft: WorkflowDraft,
  position?: { x: number; y: number },
): { draft: WorkflowDraft; index: number } {
  const taken = new Set(draft.states.map((s) => s.key));
  let n = draft.states.length + 1;
  while (taken.has(`state-${n}`)) n++;
  const placed = draft.states.flatMap((s) => (s.position ? [s.position] : []));
  const rightmost = placed.reduce<{ x: number; y: number } | undefined>(
    (best, p) => (!best || p.x > best.x ? p : best),
    undefined,
  );
  const state: WorkflowState = {
    key: uniqueKey(`state-${n}`, taken),
    label: { zh: `状态 ${n}`, en: `State ${n}` },
    kind: draft.states.some((s) => s.kind === 'start') ? 'normal' : 'start',
    position: position ?? (rightmost ? { x: rightmost.x + STATE_SPACING, y: rightmost.y } : { x: 0, y: 0 }),
  };
  return { draft: { ...draft, states: [...draft.states, state] }, index: draft.states.length };
}
