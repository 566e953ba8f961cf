import { describe, expect, it } from 'vitest';
import { diffWorkflows, isEmptyDiff } from './diff-workflows';
import type { WorkflowContent } from './workflow-draft';

const v1: WorkflowContent = {
  key: 'grade-change',
  title: { zh: '等级调整', en: 'Grade change' },
  states: [
    { key: 'requested', label: { zh: '已申请', en: 'Requested' }, kind: 'start', position: { x: 0, y: 0 } },
    { key: 'approved', label: { zh: '已批准', en: 'Approved' }, kind: 'final' },
  ],
  transitions: [
    {
      key: 'approve',
      label: { zh: '批准', en: 'Approve' },
      from: 'requested',
      to: 'approved',
      actors: { kind: 'role', role: 'supervisor' },
    },
  ],
};

describe('comparing workflow versions', () => {
  it('finds nothing between a version and itself, nor when only nodes moved', () => {
    expect(isEmptyDiff(diffWorkflows(v1, v1))).toBe(true);
    const moved = { ...v1, states: v1.states.map((s) => ({ ...s, position: { x: 500, y: 500 } })) };
    expect(isEmptyDiff(diffWorkflows(v1, moved))).toBe(true);
  });

  it('lists added, removed and changed states and transitions, with the properties that changed', () => {
    const v2: WorkflowContent = {
      ...v1,
      states: [
        {
          ...v1.states[0],
          kind: 'start',
          label: { zh: '已提交', en: 'Submitted' },
          deadline: { hours: 48 },
        } as never,
        { key: 'reviewed', label: { zh: '已审核', en: 'Reviewed' }, kind: 'normal' },
        { key: 'done', label: { zh: '完成', en: 'Done' }, kind: 'final' },
      ],
      transitions: [
        {
          key: 'approve',
          label: { zh: '批准', en: 'Approve' },
          from: 'requested',
          to: 'reviewed',
          actors: { kind: 'supervisor' },
        },
        {
          key: 'close',
          label: { zh: '结束', en: 'Close' },
          from: 'reviewed',
          to: 'done',
          actors: { kind: 'subject' },
        },
      ],
    };
    const diff = diffWorkflows(v1, v2);
    expect(diff.titleChanged).toBe(false);
    expect(diff.states.added.map((c) => c.id)).toEqual(['reviewed', 'done']);
    expect(diff.states.removed.map((c) => c.id)).toEqual(['approved']);
    expect(diff.states.changed).toMatchObject([{ id: 'requested', properties: ['deadline', 'label'] }]);
    expect(diff.transitions.added.map((c) => c.id)).toEqual(['reviewed/close']);
    expect(diff.transitions.changed).toMatchObject([
      { id: 'requested/approve', properties: ['actors', 'to'] },
    ]);
    expect(isEmptyDiff(diff)).toBe(false);
  });
});
