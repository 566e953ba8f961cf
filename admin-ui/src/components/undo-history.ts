/** Undo/redo over whole drafts (small, and whole snapshots make undo exact). */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** Edits with the same tag in a row (typing into one input) form a single undo step. */
  lastTag: string | undefined;
}

export type HistoryAction<T> =
  | { type: 'edit'; draft: T; tag?: string }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'reset'; draft: T };

/** How many steps back undo reaches. */
export const HISTORY_LIMIT = 200;

export function initialHistory<T>(draft: T): History<T> {
  return { past: [], present: draft, future: [], lastTag: undefined };
}

export function historyReducer<T>(state: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'edit': {
      if (action.draft === state.present) return state;
      if (action.tag !== undefined && action.tag === state.lastTag)
        return { ...state, present: action.draft, future: [] };
      return {
        past: [...state.past, state.present].slice(-HISTORY_LIMIT),
        present: action.draft,
        future: [],
        lastTag: action.tag,
      };
    }
    case 'undo': {
      const previous = state.past.at(-1);
      if (!previous) return state;
      return {
        past: state.past.slice(0, -1),
        present: previous,
        future: [state.present, ...state.future],
        lastTag: undefined,
      };
    }
    case 'redo': {
      const [following, ...rest] = state.future;
      if (following === undefined) return state;
      return { past: [...state.past, state.present], present: following, future: rest, lastTag: undefined };
    }
    case 'reset':
      return initialHistory(action.draft);
  }
}
