import { useCallback, useEffect, useReducer } from 'react';
import { historyReducer, initialHistory } from './draft-history';
import type { WorkflowDraft } from './workflow-draft';

function isTextInput(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
}

/**
 * The designer's draft with undo/redo. Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z (or Ctrl+Y) redoes, except
 * while typing in a text box, where the browser's own undo of that box applies.
 */
export function useWorkflowHistory(initial: WorkflowDraft) {
  const [history, dispatch] = useReducer(
    historyReducer<WorkflowDraft>,
    initial,
    initialHistory<WorkflowDraft>,
  );
  const edit = useCallback(
    (draft: WorkflowDraft, tag?: string) => dispatch({ type: 'edit', draft, tag }),
    [],
  );
  const undo = useCallback(() => dispatch({ type: 'undo' }), []);
  const redo = useCallback(() => dispatch({ type: 'redo' }), []);
  const reset = useCallback((draft: WorkflowDraft) => dispatch({ type: 'reset', draft }), []);

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
