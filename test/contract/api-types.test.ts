import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API_TYPES_COMMAND, API_TYPES_FILE, renderApiTypes } from '../kit/api-types.js';
import { buildTestApp, type TestApp } from '../kit/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

it("the UIs' API types are the server's current views", async () => {
  const committed = readFileSync(API_TYPES_FILE, 'utf8');
  const current = await renderApiTypes(t.app);
  expect(
    committed === current,
    `ui-shared/src/api/server-api.ts differs from the server's route schemas: run \`${API_TYPES_COMMAND}\` and commit it`,
  ).toBe(true);
});
