import { describe, expect, it } from 'vitest';
import { parseWorkflowImport } from './parse-workflow-import';
import { problemSelection, problemTargets } from './problem-targets';

const valid = {
  key: 'grade-change',
  title: { zh: '等级调整', en: 'Grade change' },
  states: [
    { key: 'requested', label: { zh: '已申请', en: 'Requested' }, kind: 'start' },
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

describe('importing a workflow file', () => {
  it('accepts an exported workflow as it is', () => {
    expect(parseWorkflowImport(JSON.stringify(valid))).toEqual({ content: valid });
  });

  it('says when the file is not JSON', () => {
    const parsed = parseWorkflowImport('{"key": ');
    expect(parsed).toMatchObject({
      problems: [{ path: '/', message: { en: expect.stringMatching(/^not valid JSON/) } }],
    });
  });

  it('reports every schema problem at once, where it is, in both languages', () => {
    const broken = {
      ...valid,
      states: [
        { ...valid.states[0], kind: 'begin' },
        { key: 'Approved', label: { zh: '已批准' }, kind: 'final' },
      ],
      transitions: [{ ...valid.transitions[0], actors: { kind: 'role', role: 'boss' } }],
    };
    const parsed = parseWorkflowImport(JSON.stringify(broken));
    if (!('problems' in parsed)) throw new Error('expected the broken workflow to be refused');
    expect(parsed.problems.map((p) => p.path).sort()).toEqual([
      '/states/0/kind',
      '/states/1/key',
      '/states/1/label/en',
      '/transitions/0/actors',
    ]);
    for (const problem of parsed.problems) {
      expect(problem.message.en).not.toBe('');
      expect(problem.message.zh).not.toBe('');
    }
  });
});

describe('placing problems on the graph', () => {
  it('puts each problem on the state or transition its path names, the rest on the workflow', () => {
    const message = { zh: '问题', en: 'problem' };
    const targets = problemTargets([
      { path: '/states/2', message },
      { path: '/states/2/deadline/remindBeforeHours', message },
      { path: '/transitions/0/guard', message },
      { path: '/states', message },
      { path: '/title/zh', message },
    ]);
    expect(targets.states.get(2)).toHaveLength(2);
    expect(targets.transitions.get(0)).toHaveLength(1);
    expect(targets.workflow.map((p) => p.path)).toEqual(['/states', '/title/zh']);
    expect(problemSelection('/transitions/12/from')).toEqual({ kind: 'transition', index: 12 });
    expect(problemSelection('/statesx/1')).toBeUndefined();
  });
});
