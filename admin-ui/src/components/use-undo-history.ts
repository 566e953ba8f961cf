import { useCallback, useEffect, useReducer } from 'react';
import { historyReducer, initialHistory } from './undo-history';

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
}

/**
 * A designer's draft (a form's, a workflow's) with undo/redo. Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z (or Ctrl+Y) redoes, except while
 * typing in a text box, where the browser's own undo of that box applies.
 */
export function useUndoHistory<T>(initial: T) {
  const [history, dispatch] = useReducer(historyReducer<T>, initial, initialHistory<T>);
  const edit = useCallback((draft: T, tag?: string) => dispatch({ type: 'edit', draft, tag }), []);
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  const reset = useCallback((draft: T) => dispatch({ type: 'reset', draft }), []);

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
