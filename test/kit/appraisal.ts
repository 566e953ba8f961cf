import { expect } from 'vitest';
import type { as } from './index.js';

type Caller = ReturnType<typeof as>;
type Instance = { id: string; rev: number; state: string; workflowId: string; version: number };

const label = (zh: string, en: string) => ({ zh, en });

/** A cycle plan on the default indicator sets, with the given committee; override what a test needs. */
export function cyclePlan(code: string, committee: string[], overrides: Record<string, unknown> = {}) {
  return {
    code,
    name: label('2026 年度考核', 'Appraisal 2026'),
    period: { from: '2026-01-01', to: '2026-12-31' },
    regularity: 'regular',
    scope: 'comprehensive',
    plan: {
      purpose: label('评价全年工作', 'Appraise the year'),
      principles: label('公平公开', 'Fair and open'),
      content: label('绩效、行为、能力', 'Performance, behaviour, ability'),
      timing: label('年末', 'Year end'),
    },
    population: { orgUnitIds: [], grades: [] },
    indicatorSets: {
      senior: 'default-senior',
      level1: 'default-level1',
      level2: 'default-level2',
      trainee: 'default-trainee',
    },
    sourceWeights: { self: 20, supervisor: 80, peer: 0, customer: 0 },
    customerSample: { size: 3, linkDays: 14 },
    committee,
    levelRule: { kind: 'bands', excellent: 85, good: 75, qualified: 60 },
    phases: [{ key: 'self', label: label('自评', 'Self-evaluation'), from: '2026-12-01', to: '2026-12-10' }],
    ...overrides,
  };
}

/** Creates and launches a cycle; returns its id and appraisals (id, instance, manager id). */
export async function launchCycle(admin: Caller, base: string, plan: object) {
  const created = await admin({ method: 'POST', url: `${base}/cycles`, payload: plan });
  expect(created.statusCode, created.body).toBe(201);
  const launched = await admin({
    method: 'POST',
    url: `${base}/cycles/${created.json().id}/launch`,
    payload: { rev: created.json().rev },
  });
  expect(launched.statusCode, launched.body).toBe(200);
  const cycleId = created.json().id as string;
  const appraisals = (await admin({ method: 'GET', url: `${base}/cycles/${cycleId}/appraisals` })).json()
    .items as { id: string; instanceId: string; manager: { id: string } }[];
  return { cycleId, launch: launched.json(), appraisals };
}

/** Takes an action on an instance at its current revision. */
export async function act(who: Caller, base: string, instanceId: string, action: string, comment?: string) {
  const instance = (await who({ method: 'GET', url: `${base}/instances/${instanceId}` })).json() as Instance;
  return who({
    method: 'POST',
    url: `${base}/instances/${instanceId}/actions`,
    payload: { rev: instance.rev, action, ...(comment ? { comment } : {}) },
  });
}

/** Fills the action's form with one rating for every indicator and takes the action, as the portal does. */
export async function actWithForm(
  who: Caller,
  base: string,
  instanceId: string,
  action: string,
  rating: number,
) {
  const instance = (await who({ method: 'GET', url: `${base}/instances/${instanceId}` })).json() as Instance;
  const version = (
    await who({ method: 'GET', url: `${base}/workflows/${instance.workflowId}/versions/${instance.version}` })
  ).json();
  const formKey = version.transitions.find((tr: { key: string }) => tr.key === action).form as string;
  const forms = (await who({ method: 'GET', url: `${base}/forms?fillable=true` })).json().items;
  const form = forms.find((f: { key: string }) => f.key === formKey);
  const formVersion = (
    await who({ method: 'GET', url: `${base}/forms/${form.id}/versions/${form.latestVersion}` })
  ).json();
  const data: Record<string, unknown> = {};
  for (const [code, field] of Object.entries(
    formVersion.schema.properties as Record<string, { type: string }>,
  )) {
    if (field.type !== 'string') data[code] = rating;
  }
  const submission = await who({
    method: 'POST',
    url: `${base}/forms/${form.id}/submissions`,
    payload: { data, submit: true },
  });
  expect(submission.statusCode, submission.body).toBe(201);
  const res = await who({
    method: 'POST',
    url: `${base}/instances/${instanceId}/actions`,
    payload: { rev: instance.rev, action, submissionId: submission.json().id },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Instance;
}

/** Self-evaluation, supervisor evaluation and closing the (empty) customer sample: the appraisal reaches calibration. */
export async function evaluate(
  base: string,
  manager: Caller,
  supervisor: Caller,
  instanceId: string,
  ratings: { self: number; supervisor: number },
) {
  await actWithForm(manager, base, instanceId, 'submit-self', ratings.self);
  await actWithForm(supervisor, base, instanceId, 'submit-supervisor', ratings.supervisor);
  const closed = await act(supervisor, base, instanceId, 'close-sample');
  expect(closed.json().state).toBe('calibration');
}
