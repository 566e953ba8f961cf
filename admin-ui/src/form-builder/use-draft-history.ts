import { useCallback, useEffect, useReducer } from 'react';
import { historyReducer, initialHistory } from '../builder/draft-history';
import type { FormDraft } from '../builder/form-draft';

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
}

/**
 * The builder's draft with undo/redo. Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z (or Ctrl+Y) redoes, except while
 * typing in a text box, where the browser's own undo of that box applies.
 */
export function useDraftHistory(initial: FormDraft) {
  const [history, dispatch] = useReducer(historyReducer, initial, initialHistory);
  const edit = useCallback((draft: FormDraft, tag?: string) => dispatch({ type: 'edit', draft, tag }), []);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  const reset = useCallback((draft: FormDraft) => dispatch({ type: 'reset', draft }), []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || isTextInput(event.target)) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) undo();
      else if ((key === 'z' && event.shiftKey) || key === 'y') redo();
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  return {
    draft: history.present,
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
    edit,
    undo,
    redo,
    reset,
  };
}
