import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newForm } from '../../../test/kit/forms.js';
import {
  as,
  buildTestApp,
  login,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
let supervisor: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;
let ids: Record<string, string>;

const label = (zh: string, en: string) => ({ zh, en });

/** A grade-change request: the manager asks, a supervisor reviews, a committee decides. */
function gradeChange(committee: string[]) {
  return {
    key: 'grade-change',
    title: label('等级调整', 'Grade change'),
    states: [
      { key: 'requested', label: label('已申请', 'Requested'), kind: 'start' },
      { key: 'reviewed', label: label('已审核', 'Reviewed'), kind: 'normal' },
      { key: 'approved', label: label('已批准', 'Approved'), kind: 'final' },
      { key: 'rejected', label: label('已驳回', 'Rejected'), kind: 'final' },
    ],
    transitions: [
      {
        key: 'review',
        label: label('审核', 'Review'),
        from: 'requested',
        to: 'reviewed',
        actors: { kind: 'role', role: 'supervisor' },
        guard: '$length(comment) >= 4',
      },
      {
        key: 'reject',
        label: label('驳回', 'Reject'),
        from: 'requested',
        to: 'rejected',
        actors: { kind: 'role', role: 'supervisor' },
      },
      {
        key: 'approve',
        label: label('批准', 'Approve'),
        from: 'reviewed',
        to: 'approved',
        actors: { kind: 'committee', userIds: committee, required: 2 },
      },
    ],
  };
}

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['workflows'] });
  inst = await seedInstitution(t.app, 'flows');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  supervisor = as(t.app, await login(t.app, inst.users.supervisor));
  manager = as(t.app, await login(t.app, inst.users.manager));
  const users = (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/users` })).json().items as {
    id: string;
    email: string;
  }[];
  ids = Object.fromEntries(users.map((u) => [u.email.split('@')[0] as string, u.id]));
});
afterAll(() => t.close());

async function published(definition: object) {
  const created = (
    await admin({ method: 'POST', url: `/api/institutions/${inst.id}/workflows`, payload: definition })
  ).json();
  const res = await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows/${created.id}/publish`,
    payload: { rev: created.rev },
  });
  expect(res.statusCode).toBe(200);
  return created.id as string;
}

async function startOn(workflowId: string, subjectUser = ids.manager) {
  const res = await manager({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows/${workflowId}/instances`,
    payload: { subject: { kind: 'manager', id: 'M-001', userId: subjectUser } },
  });
  expect(res.statusCode).toBe(201);
  return res.json();
}

function act(
  who: ReturnType<typeof as>,
  instance: { id: string; rev: number },
  action: string,
  comment?: string,
) {
  return who({
    method: 'POST',
    url: `/api/institutions/${inst.id}/instances/${instance.id}/actions`,
    payload: { rev: instance.rev, action, ...(comment ? { comment } : {}) },
  });
}

describe('workflow definitions', () => {
  it('refuses to publish a workflow with problems, naming every one', async () => {
    const broken = {
      key: 'broken',
      title: label('有问题的流程', 'Broken'),
      states: [
        { key: 'a', label: label('甲', 'A'), kind: 'start' },
        { key: 'b', label: label('乙', 'B'), kind: 'normal' },
        { key: 'island', label: label('孤岛', 'Island'), kind: 'normal' },
        { key: 'done', label: label('完成', 'Done'), kind: 'final' },
      ],
      transitions: [
        {
          key: 'go',
          label: label('前进', 'Go'),
          from: 'a',
          to: 'b',
          actors: { kind: 'role', role: 'manager' },
          form: 'no-such-form',
          guard: 'comment =',
        },
        {
          key: 'loop',
          label: label('循环', 'Loop'),
          from: 'b',
          to: 'a',
          actors: { kind: 'committee', userIds: [ids.supervisor], required: 2 },
        },
        {
          key: 'finish',
          label: label('完成', 'Finish'),
          from: 'island',
          to: 'done',
          actors: { kind: 'subject' },
        },
      ],
    };
    const created = (
      await admin({ method: 'POST', url: `/api/institutions/${inst.id}/workflows`, payload: broken })
    ).json();
    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/workflows/${created.id}/publish`,
      payload: { rev: created.rev },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(400);
    const problems = res.json().error.details as { path: string; message: string }[];
    expect(problems.map((p) => p.path)).toEqual([
      '/transitions/0/form',
      '/transitions/0/guard',
      '/transitions/1/actors/required',
      '/states/0',
      '/states/1',
      '/states/2',
      // "done" is only reached through the island.
      '/states/3',
    ]);
    expect(problems[3]?.message).toBe('state "a" has no way to a final state');
    expect(problems[5]?.message).toBe('state "island" cannot be reached from the start');
  });
});

describe('the engine', () => {
  it('lets exactly one of 50 concurrent attempts at the same transition through; the others get 409', async () => {
    const workflowId = await published({
      ...gradeChange([ids.supervisor as string, ids.auditor as string, ids.institution_admin as string]),
      key: 'race',
    });
    const instance = await startOn(workflowId);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => act(supervisor, instance, 'review', 'reviewed in the race')),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    const after = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/instances/${instance.id}` })
    ).json();
    expect(after.state).toBe('reviewed');
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(['start', 'review']);
  });

  it('fires a committee transition on the second of three approvals, and not before; nobody approves twice', async () => {
    const auditor = as(t.app, await login(t.app, inst.users.auditor));
    const workflowId = await published({
      ...gradeChange([ids.supervisor as string, ids.auditor as string, ids.institution_admin as string]),
      key: 'committee',
    });
    let instance = (await act(supervisor, await startOn(workflowId), 'review', 'looks right')).json();
    const first = await act(auditor, instance, 'approve');
    expect(first.json()).toMatchObject({
      state: 'reviewed',
      approvals: [{ action: 'approve', userIds: [ids.auditor] }],
    });
    instance = first.json();
    const twice = await act(auditor, instance, 'approve');
    expect(twice.json().error.code).toBe('WORKFLOWS_ERR_ALREADY_APPROVED');
    const second = await act(supervisor, instance, 'approve');
    expect(second.json()).toMatchObject({ state: 'approved', approvals: [] });
    expect(second.json().closedAt).not.toBeNull();
  });

  it('refuses a failing guard, the wrong role and acting on your own matter, each with a clear error', async () => {
    const workflowId = await published({
      ...gradeChange([ids.supervisor as string, ids.auditor as string]),
      key: 'checks',
    });
    const instance = await startOn(workflowId);
    const guard = await act(supervisor, instance, 'review', 'ok');
    expect(guard.statusCode).toBe(409);
    expect(guard.json().error).toMatchObject({
      code: 'WORKFLOWS_ERR_GUARD_FAILED',
      message: '不满足流转条件',
    });
    const wrongRole = await act(manager, instance, 'reject');
    expect(wrongRole.statusCode).toBe(403);
    expect(wrongRole.json().error.code).toBe('WORKFLOWS_ERR_NOT_YOUR_TURN');
    const own = await startOn(workflowId, ids.supervisor);
    const self = await act(supervisor, own, 'reject');
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('WORKFLOWS_ERR_SELF_APPROVAL');
    const unavailable = await act(supervisor, instance, 'approve');
    expect(unavailable.json().error.code).toBe('WORKFLOWS_ERR_ACTION_UNAVAILABLE');
  });

  it('puts an instance in the inbox of those who may act, and takes it out once they have', async () => {
    const workflowId = await published({
      ...gradeChange([ids.supervisor as string, ids.auditor as string]),
      key: 'inbox',
    });
    const instance = await startOn(workflowId);
    const inboxOf = async (who: ReturnType<typeof as>) =>
      (
        (await who({ method: 'GET', url: `/api/institutions/${inst.id}/inbox` })).json().items as {
          id: string;
        }[]
      ).map((i) => i.id);
    expect(await inboxOf(supervisor)).toContain(instance.id);
    expect(await inboxOf(manager)).not.toContain(instance.id);
    await act(supervisor, instance, 'reject');
    expect(await inboxOf(supervisor)).not.toContain(instance.id);
  });
});

describe('actions that need a form', () => {
  it('takes the action only with a submitted form of the right kind by the one acting, and guards on its data', async () => {
    const form = (
      await admin({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms`,
        payload: newForm('self-appraisal'),
      })
    ).json();
    expect(
      (
        await admin({
          method: 'POST',
          url: `/api/institutions/${inst.id}/forms/${form.id}/publish`,
          payload: { rev: form.rev },
        })
      ).statusCode,
    ).toBe(200);
    const workflowId = await published({
      key: 'self-appraisal',
      title: label('自评', 'Self-appraisal'),
      states: [
        { key: 'open', label: label('待自评', 'To fill'), kind: 'start' },
        { key: 'done', label: label('已自评', 'Filled'), kind: 'final' },
      ],
      transitions: [
        {
          key: 'submit',
          label: label('提交自评', 'Submit'),
          from: 'open',
          to: 'done',
          actors: { kind: 'subject' },
          allowSelf: true,
          form: 'self-appraisal',
          guard: 'data.newCustomers >= 1',
        },
      ],
    });
    const instance = await startOn(workflowId);
    const submit = (data: object, asDraft = false) =>
      manager({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms/${form.id}/submissions`,
        payload: { data, submit: !asDraft },
      }).then((r) => r.json().id as string);
    const url = `/api/institutions/${inst.id}/instances/${instance.id}/actions`;
    const tryWith = (submissionId?: string) =>
      manager({
        method: 'POST',
        url,
        headers: { 'accept-language': 'en' },
        payload: { rev: instance.rev, action: 'submit', ...(submissionId ? { submissionId } : {}) },
      });

    const without = await tryWith();
    expect(without.statusCode).toBe(400);
    expect(without.json().error.details[0]).toMatchObject({
      path: '/submissionId',
      message: 'this action needs the form "self-appraisal" filled in and submitted by you',
    });
    expect((await tryWith(await submit({ newCustomers: 3 }, true))).statusCode).toBe(400);
    const zero = await tryWith(await submit({ newCustomers: 0 }));
    expect(zero.json().error.code).toBe('WORKFLOWS_ERR_GUARD_FAILED');
    const good = await submit({ newCustomers: 3 });
    const done = await tryWith(good);
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().history.at(-1)).toMatchObject({ action: 'submit', submissionId: good });
  });
});

describe('workflow versions for members', () => {
  it('lets a manager read a published version, and answers 404 for another institution’s workflow', async () => {
    const workflowId = await published({
      ...gradeChange([ids.supervisor as string, ids.auditor as string]),
      key: 'readable',
    });
    const res = await manager({
      method: 'GET',
      url: `/api/institutions/${inst.id}/workflows/${workflowId}/versions/1`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 1,
      key: 'readable',
      title: { zh: '等级调整', en: 'Grade change' },
      states: expect.arrayContaining([expect.objectContaining({ key: 'requested', kind: 'start' })]),
      transitions: expect.arrayContaining([expect.objectContaining({ key: 'review', from: 'requested' })]),
    });
    const missing = await manager({
      method: 'GET',
      url: `/api/institutions/${inst.id}/workflows/${workflowId}/versions/2`,
    });
    expect(missing.statusCode).toBe(404);

    const other = await seedInstitution(t.app, 'flows-other');
    const otherAdmin = as(t.app, await login(t.app, other.users.institution_admin));
    const created = (
      await otherAdmin({
        method: 'POST',
        url: `/api/institutions/${other.id}/workflows`,
        payload: {
          key: 'foreign',
          title: label('外部流程', 'Foreign'),
          states: [
            { key: 'open', label: label('待办', 'Open'), kind: 'start' },
            { key: 'done', label: label('完成', 'Done'), kind: 'final' },
          ],
          transitions: [
            {
              key: 'finish',
              label: label('完成', 'Finish'),
              from: 'open',
              to: 'done',
              actors: { kind: 'role', role: 'supervisor' },
            },
          ],
        },
      })
    ).json();
    expect(
      (
        await otherAdmin({
          method: 'POST',
          url: `/api/institutions/${other.id}/workflows/${created.id}/publish`,
          payload: { rev: created.rev },
        })
      ).statusCode,
    ).toBe(200);
    const foreign = await manager({
      method: 'GET',
      url: `/api/institutions/${inst.id}/workflows/${created.id}/versions/1`,
    });
    expect(foreign.statusCode).toBe(404);
  });
});
