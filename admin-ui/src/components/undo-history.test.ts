import { describe, expect, it } from 'vitest';
import type { FormDraft } from '../builder/form-draft';
import { historyReducer, initialHistory } from './undo-history';

const draft = (title: string): FormDraft => ({ schema: { type: 'object', title }, uiSchema: {} });

describe('draft history', () => {
  it('undoes and redoes edits; a new edit clears redo', () => {
    let h = initialHistory(draft('a'));
    h = historyReducer(h, { type: 'edit', draft: draft('b') });
    h = historyReducer(h, { type: 'edit', draft: draft('c') });
    h = historyReducer(h, { type: 'undo' });
    expect(h.present.schema.title).toBe('b');
    h = historyReducer(h, { type: 'redo' });
    expect(h.present.schema.title).toBe('c');
    h = historyReducer(h, { type: 'undo' });
    h = historyReducer(h, { type: 'edit', draft: draft('d') });
    expect(h.future).toEqual([]);
    expect(h.past.map((d) => d.schema.title)).toEqual(['a', 'b']);
  });

  it('merges edits with the same tag into one undo step', () => {
    let h = initialHistory(draft('a'));
    for (const t of ['x', 'xy', 'xyz'])
      h = historyReducer(h, { type: 'edit', draft: draft(t), tag: 'title' });
    h = historyReducer(h, { type: 'undo' });
    expect(h.present.schema.title).toBe('a');
  });
});
