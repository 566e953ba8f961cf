import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  rawDb,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';
import { WORKFLOW_QUEUE } from './service.js';

const label = (zh: string, en: string) => ({ zh, en });
const SECOND_IN_HOURS = 1 / 3600;

/** A review due 4 s after it starts, with a reminder 2.5 s before: the timers fire at ~1.5 s and ~4 s. */
const review = {
  key: 'timed-review',
  title: label('限时审核', 'Timed review'),
  states: [
    {
      key: 'waiting',
      label: label('待审核', 'Waiting'),
      kind: 'start',
      deadline: { hours: 4 * SECOND_IN_HOURS, remindBeforeHours: 2.5 * SECOND_IN_HOURS },
    },
    { key: 'done', label: label('完成', 'Done'), kind: 'final' },
  ],
  transitions: [
    {
      key: 'finish',
      label: label('完成', 'Finish'),
      from: 'waiting',
      to: 'done',
      actors: { kind: 'role', role: 'supervisor' },
    },
  ],
};

let t: TestApp;
let inst: SeededInstitution;
let workflowId: string;

beforeAll(async () => {
  // No worker here: each test starts the workers it needs, as separate processes would.
  t = await buildTestApp({ worker: false, capabilities: ['workflows'] });
  inst = await seedInstitution(t.app, 'timers');
  const admin = as(t.app, await login(t.app, inst.users.institution_admin));
  const created = (
    await admin({ method: 'POST', url: `/api/institutions/${inst.id}/workflows`, payload: review })
  ).json();
  await admin({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows/${created.id}/publish`,
    payload: { rev: created.rev },
  });
  workflowId = created.id;
});
afterAll(() => t.close());

async function start(app: TestApp['app']) {
  const manager = as(app, await login(app, inst.users.manager));
  const res = await manager({
    method: 'POST',
    url: `/api/institutions/${inst.id}/workflows/${workflowId}/instances`,
    payload: { subject: { kind: 'manager', id: 'M-7' } },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; rev: number; dueAt: string };
}

async function notificationsOf(instanceId: string) {
  const raw = await rawDb(t.dbName);
  const docs = await raw.db.collection('notifications').find({}).toArray();
  await raw.close();
  return docs
    .filter((n) => n.instanceId.toHexString() === instanceId)
    .map((n) => n.kind as string)
    .sort();
}

async function until(check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('deadlines and reminders', () => {
  it('gives the actors of a new state a task, with an unread count', async () => {
    const instance = await start(t.app);
    const supervisor = as(t.app, await login(t.app, inst.users.supervisor));
    const inbox = (
      await supervisor({ method: 'GET', url: `/api/institutions/${inst.id}/notifications?unread=true` })
    ).json();
    expect(inbox.unread).toBeGreaterThanOrEqual(1);
    expect(inbox.items.find((n: { instanceId: string }) => n.instanceId === instance.id)).toMatchObject({
      kind: 'task',
      read: false,
      title: review.title,
    });
    await supervisor({ method: 'POST', url: `/api/institutions/${inst.id}/notifications/read`, payload: {} });
    expect(
      (await supervisor({ method: 'GET', url: `/api/institutions/${inst.id}/notifications` })).json().unread,
    ).toBe(0);
    const manager = as(t.app, await login(t.app, inst.users.manager));
    expect(
      (await manager({ method: 'GET', url: `/api/institutions/${inst.id}/notifications` })).json().items,
    ).toEqual([]);
  });

  it('fires a reminder and the deadline exactly once though the worker was stopped and another started', async () => {
    const worker = () =>
      buildTestApp({
        dbName: t.dbName,
        queuePrefix: t.app.jobs.prefix,
        worker: true,
        capabilities: ['workflows'],
      });
    // The first process schedules the timers and is stopped before anything is due.
    const first = await worker();
    const instance = await start(first.app);
    await first.app.close();
    // Scheduling the same timers again (a retried request) adds nothing.
    const queue = t.app.jobs.queue(WORKFLOW_QUEUE);
    const before = await queue.getJobCountByTypes('delayed', 'waiting', 'active', 'completed');
    await queue.add('reminder', {}, { jobId: `reminder-${instance.id}-waiting-0`, delay: 60_000 });
    expect(await queue.getJobCountByTypes('delayed', 'waiting', 'active', 'completed')).toBe(before);

    const second = await worker();
    await until(async () => (await notificationsOf(instance.id)).includes('overdue'));
    await new Promise((r) => setTimeout(r, 500));
    // One supervisor in the institution: one task, one reminder, one overdue notice.
    expect(await notificationsOf(instance.id)).toEqual(['overdue', 'reminder', 'task']);
    const reminder = await queue.getJob(`reminder-${instance.id}-waiting-0`);
    expect(reminder?.attemptsMade).toBe(1);
    expect(reminder?.returnvalue).toBe(true);
    await second.app.close();
  });

  it('cancels the timers of a state that is left before they are due', async () => {
    const running = await buildTestApp({
      dbName: t.dbName,
      queuePrefix: t.app.jobs.prefix,
      worker: true,
      capabilities: ['workflows'],
    });
    const instance = await start(running.app);
    const supervisor = as(t.app, await login(t.app, inst.users.supervisor));
    const done = await supervisor({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/actions`,
      payload: { rev: instance.rev, action: 'finish' },
    });
    expect(done.json()).toMatchObject({ state: 'done', dueAt: null });
    const queue = t.app.jobs.queue(WORKFLOW_QUEUE);
    expect(await queue.getJob(`reminder-${instance.id}-waiting-0`)).toBeUndefined();
    expect(await queue.getJob(`deadline-${instance.id}-waiting-0`)).toBeUndefined();
    // A worker is running: had the timers survived, they would have fired by now.
    await new Promise((r) => setTimeout(r, 4_500));
    expect(await notificationsOf(instance.id)).toEqual(['task']);
    await running.app.close();
  });

  it('escalates an overdue task to the target once: they get it and may act, a rerun changes nothing', async () => {
    const admin = as(t.app, await login(t.app, inst.users.institution_admin));
    const escalating = {
      ...review,
      key: 'escalating-review',
      states: [
        {
          key: 'waiting',
          label: label('待审核', 'Waiting'),
          kind: 'start',
          deadline: { hours: SECOND_IN_HOURS, escalateTo: { kind: 'role', role: 'institution_admin' } },
        },
        { key: 'done', label: label('完成', 'Done'), kind: 'final' },
      ],
    };
    const created = (
      await admin({ method: 'POST', url: `/api/institutions/${inst.id}/workflows`, payload: escalating })
    ).json();
    await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/workflows/${created.id}/publish`,
      payload: { rev: created.rev },
    });
    const running = await buildTestApp({
      dbName: t.dbName,
      queuePrefix: t.app.jobs.prefix,
      worker: true,
      capabilities: ['workflows'],
    });
    const res = await as(
      running.app,
      await login(running.app, inst.users.manager),
    )({
      method: 'POST',
      url: `/api/institutions/${inst.id}/workflows/${created.id}/instances`,
      payload: { subject: { kind: 'manager', id: 'M-8' } },
    });
    const instance = res.json() as { id: string };
    const read = async () =>
      (await admin({ method: 'GET', url: `/api/institutions/${inst.id}/instances/${instance.id}` })).json();
    await until(async () => (await read()).history.length > 1);
    await running.app.close();
    const escalated = await read();
    expect(escalated.history.map((h: { action: string }) => h.action)).toEqual(['start', 'escalate']);
    expect(escalated.history[1]).toMatchObject({
      by: null,
      assignees: [{ email: inst.users.institution_admin }],
    });
    expect(escalated.assignees).toHaveLength(2);
    expect(await notificationsOf(instance.id)).toEqual(['overdue', 'overdue', 'task']);

    const again = await t.app.workflows.onTimer(
      { institutionId: inst.id, instanceId: instance.id, state: 'waiting', step: 0 },
      'overdue',
    );
    expect(again).toBe(true);
    expect((await read()).history).toHaveLength(2);
    expect(await notificationsOf(instance.id)).toEqual(['overdue', 'overdue', 'task']);

    const acted = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/instances/${instance.id}/actions`,
      payload: { rev: escalated.rev, action: 'finish' },
    });
    expect(acted.json().state).toBe('done');
  });

  it('brings back the timers of open instances at start, when they were lost between a move and its scheduling', async () => {
    const instance = await start(t.app);
    const queue = t.app.jobs.queue(WORKFLOW_QUEUE);
    // As if the process died (or Redis lost its data) right after storing the move.
    await queue.remove(`reminder-${instance.id}-waiting-0`);
    await queue.remove(`deadline-${instance.id}-waiting-0`);
    expect(await queue.getJob(`deadline-${instance.id}-waiting-0`)).toBeUndefined();
    const restarted = await buildTestApp({
      dbName: t.dbName,
      queuePrefix: t.app.jobs.prefix,
      worker: false,
      capabilities: ['workflows'],
    });
    expect(await queue.getJob(`reminder-${instance.id}-waiting-0`)).toBeDefined();
    expect(await queue.getJob(`deadline-${instance.id}-waiting-0`)).toBeDefined();
    await restarted.app.close();
  });
});
