import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';
import { moveFields } from './migrations.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
let manager: ReturnType<typeof as>;

beforeAll(async () => {
  t = await buildTestApp({ capabilities: ['forms'] });
  inst = await seedInstitution(t.app, 'migrate');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
  manager = as(t.app, await login(t.app, inst.users.manager));
});
afterAll(() => t.close());

const base = {
  title: { zh: '走访记录', en: 'Visit log' },
  description: { zh: '', en: '' },
  uiSchema: {},
  fillRoles: ['manager'],
  readScope: 'own',
};

describe('moveFields', () => {
  it('renames, nests and drops fields without touching the others', () => {
    expect(
      moveFields({ a: 1, b: { c: 2 }, keep: true }, [
        { from: '/a', to: '/x/y' },
        { from: '/b/c', to: null },
      ]),
    ).toEqual({ b: {}, keep: true, x: { y: 1 } });
  });
});

describe('migrating submissions to a new version', () => {
  it('moves the submissions that fit the new version, reports the ones that do not, and reverts', async () => {
    const v1Schema = {
      type: 'object',
      properties: { customer: { type: 'string' }, rating: { type: 'integer' } },
    };
    const form = (
      await admin({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms`,
        payload: { ...base, key: 'visits', schema: v1Schema },
      })
    ).json();
    const v1 = (
      await admin({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms/${form.id}/publish`,
        payload: { rev: form.rev },
      })
    ).json();
    const rated = (
      await manager({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms/${form.id}/submissions`,
        payload: { data: { customer: '王家养殖场', rating: 4 }, submit: true },
      })
    ).json();
    const unrated = (
      await manager({
        method: 'POST',
        url: `/api/institutions/${inst.id}/forms/${form.id}/submissions`,
        payload: { data: { customer: '李家果园' }, submit: true },
      })
    ).json();

    const v2Schema = {
      type: 'object',
      required: ['score'],
      properties: { customer: { type: 'string' }, score: { type: 'integer' } },
    };
    const put = (
      await admin({
        method: 'PUT',
        url: `/api/institutions/${inst.id}/forms/${form.id}`,
        payload: { ...base, rev: v1.rev, schema: v2Schema },
      })
    ).json();
    await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${form.id}/publish`,
      payload: { rev: put.rev },
    });

    const res = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${form.id}/migrations`,
      payload: { toVersion: 2, mapping: { '/rating': '/score' }, submissionIds: [rated.id, unrated.id] },
    });
    expect(res.statusCode).toBe(200);
    const outcome = res.json();
    expect(outcome.migrated).toEqual([rated.id]);
    expect(outcome.failed).toEqual([
      {
        submissionId: unrated.id,
        problems: [{ in: 'data', path: '/score', message: { en: 'is required', zh: '为必填项' } }],
      },
    ]);

    const moved = (
      await manager({ method: 'GET', url: `/api/institutions/${inst.id}/submissions/${rated.id}` })
    ).json();
    expect(moved).toMatchObject({ version: 2, data: { customer: '王家养殖场', score: 4 } });
    expect(moved.data.rating).toBeUndefined();
    const untouched = (
      await manager({ method: 'GET', url: `/api/institutions/${inst.id}/submissions/${unrated.id}` })
    ).json();
    expect(untouched).toMatchObject({ version: 1, data: { customer: '李家果园' } });

    const history = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/forms/${form.id}/migrations` })
    ).json().items;
    expect(history).toEqual([
      expect.objectContaining({
        id: outcome.id,
        fromVersions: [1],
        toVersion: 2,
        mapping: { '/rating': '/score' },
        submissionIds: [rated.id],
        revertedAt: null,
      }),
    ]);

    const reverted = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${form.id}/migrations/${outcome.id}/revert`,
    });
    expect(reverted.json()).toEqual({ reverted: [rated.id], conflicts: [] });
    const back = (
      await manager({ method: 'GET', url: `/api/institutions/${inst.id}/submissions/${rated.id}` })
    ).json();
    expect(back).toMatchObject({ version: 1, data: { customer: '王家养殖场', rating: 4 } });
    const twice = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/forms/${form.id}/migrations/${outcome.id}/revert`,
    });
    expect(twice.statusCode).toBe(409);
  });
});
