import { KEY_PATTERN, type WorkflowDraft } from './workflow-draft';

export type RenameRefusal = 'invalid' | 'taken';

/**
 * Gives a state a new key and points its transitions at it. Refused when the key is malformed or
 * another state has it (the transitions could no longer tell the two apart).
 */
export function renameState(
  draft: WorkflowDraft,
  index: number,
  key: string,
): { draft: WorkflowDraft } | { refused: RenameRefusal } {
  const state = draft.states[index];
  if (!state || state.key === key) return { draft };
  if (!KEY_PATTERN.test(key)) return { refused: 'invalid' };
  if (draft.states.some((s, i) => i !== index && s.key === key)) return { refused: 'taken' };
  const old = state.key;
  return {
    draft: {
      ...draft,
      states: draft.states.map((s, i) => (i === index ? { ...s, key } : s)),
      transitions: draft.transitions.map((t) =>
        t.from === old || t.to === old
          ? { ...t, from: t.from === old ? key : t.from, to: t.to === old ? key : t.to }
          : t,
      ),
    },
  };
}
