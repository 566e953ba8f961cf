import type { WorkflowDraft } from './workflow-draft';

/** Stores where the designer's states were dropped, by key, rounded to whole pixels. */
export function moveStates(
  draft: WorkflowDraft,
  positions: ReadonlyMap<string, { x: number; y: number }>,
): WorkflowDraft {
  let moved = false;
  const states = draft.states.map((s) => {
    const p = positions.get(s.key);
    if (!p) return s;
    const position = { x: Math.round(p.x), y: Math.round(p.y) };
    if (s.position?.x === position.x && s.position?.y === position.y) return s;
    moved = true;
    return { ...s, position };
  });
  return moved ? { ...draft, states } : draft;
}
