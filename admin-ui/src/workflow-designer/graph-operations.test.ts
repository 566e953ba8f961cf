import { checkWorkflow } from '@rapport/schemas';
import { describe, expect, it } from 'vitest';
import { addState } from './add-state';
import { addTransition } from './add-transition';
import { moveStates } from './move-states';
import { removeState } from './remove-state';
import { removeTransition } from './remove-transition';
import { renameState } from './rename-state';
import { schemaProblems } from './schema-problems';
import { uniqueKey } from './unique-key';
import { updateState } from './update-state';
import { updateTransition } from './update-transition';
import type { WorkflowDraft } from './workflow-draft';

const empty: WorkflowDraft = { title: { zh: '等级调整', en: 'Grade change' }, states: [], transitions: [] };

/** requested → reviewed → approved, built the way the designer does. */
function threeStates(): WorkflowDraft {
  let draft = empty;
  for (let i = 0; i < 3; i++) draft = addState(draft).draft;
  draft = updateState(draft, 2, { kind: 'final' });
  draft = addTransition(draft, 'state-1', 'state-2').draft;
  return addTransition(draft, 'state-2', 'state-3').draft;
}

describe('adding states', () => {
  it('makes the first state the start, the next ones normal, each to the right of the last', () => {
    const draft = threeStates();
    expect(draft.states.map((s) => [s.key, s.kind, s.position])).toEqual([
      ['state-1', 'start', { x: 0, y: 0 }],
      ['state-2', 'normal', { x: 260, y: 0 }],
      ['state-3', 'final', { x: 520, y: 0 }],
    ]);
  });

  it('never reuses a key still in use after a removal', () => {
    const draft = addState(removeState(threeStates(), 0)).draft;
    expect(draft.states.map((s) => s.key)).toEqual(['state-2', 'state-3', 'state-4']);
    expect(draft.states[2]?.kind).toBe('start');
  });

  it('places a state where it was dropped', () => {
    const { draft, index } = addState(empty, { x: 40, y: 80 });
    expect(draft.states[index]?.position).toEqual({ x: 40, y: 80 });
  });
});

describe('a workflow drawn with the designer', () => {
  it('passes the schema and the checks publishing runs', () => {
    const draft = threeStates();
    const content = { key: 'grade-change', ...draft };
    expect(schemaProblems(content)).toEqual([]);
    expect(checkWorkflow(content, new Set())).toEqual([]);
  });
});

describe('removing', () => {
  it('a state takes its transitions with it', () => {
    const draft = removeState(threeStates(), 1);
    expect(draft.states.map((s) => s.key)).toEqual(['state-1', 'state-3']);
    expect(draft.transitions).toEqual([]);
  });

  it('a transition leaves the states alone', () => {
    const draft = removeTransition(threeStates(), 0);
    expect(draft.states).toHaveLength(3);
    expect(draft.transitions.map((t) => t.key)).toEqual(['to-state-3']);
  });
});

describe('renaming a state', () => {
  it('points its transitions at the new key', () => {
    const renamed = renameState(threeStates(), 1, 'reviewed');
    if (!('draft' in renamed))
      throw new Error(`expected the rename to pass, was refused: ${renamed.refused}`);
    expect(renamed.draft.transitions.map((t) => `${t.from}→${t.to}`)).toEqual([
      'state-1→reviewed',
      'reviewed→state-3',
    ]);
  });

  it('is refused for a malformed key or one another state has', () => {
    expect(renameState(threeStates(), 1, 'Reviewed')).toEqual({ refused: 'invalid' });
    expect(renameState(threeStates(), 1, 'state-1')).toEqual({ refused: 'taken' });
  });
});

describe('editing properties', () => {
  it('removes a property set to undefined', () => {
    let draft = updateState(threeStates(), 0, { deadline: { hours: 24 } });
    expect(draft.states[0]?.deadline).toEqual({ hours: 24 });
    draft = updateState(draft, 0, { deadline: undefined });
    expect(draft.states[0]).not.toHaveProperty('deadline');
    draft = updateTransition(draft, 0, { guard: 'data.amount > 0', form: 'visit-report' });
    draft = updateTransition(draft, 0, { guard: undefined });
    expect(draft.transitions[0]).not.toHaveProperty('guard');
    expect(draft.transitions[0]?.form).toBe('visit-report');
  });

  it('names a second transition to the same state apart from the first', () => {
    const draft = addTransition(threeStates(), 'state-1', 'state-2').draft;
    expect(draft.transitions.filter((t) => t.from === 'state-1').map((t) => t.key)).toEqual([
      'to-state-2',
      'to-state-2-2',
    ]);
  });

  it('stores dropped positions rounded, and keeps the draft when nothing moved', () => {
    const draft = threeStates();
    const moved = moveStates(draft, new Map([['state-2', { x: 100.4, y: 99.6 }]]));
    expect(moved.states[1]?.position).toEqual({ x: 100, y: 100 });
    expect(moveStates(moved, new Map([['state-2', { x: 100, y: 100 }]]))).toBe(moved);
  });
});

describe('unique keys', () => {
  it('stay within 64 characters', () => {
    const long = 'a'.repeat(64);
    expect(uniqueKey(long, new Set([long]))).toBe(`${'a'.repeat(62)}-2`);
  });
});
