import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  as,
  buildTestApp,
  login,
  type SeededInstitution,
  seedInstitution,
  type TestApp,
} from '../../../test/kit/index.js';
import { signature } from './service.js';

let t: TestApp;
let inst: SeededInstitution;
let admin: ReturnType<typeof as>;
const received: { headers: IncomingHttpHeaders; body: string; answered: number }[] = [];
// The receiver fails the first delivery, then accepts: a retry must follow, once.
const receiver = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const answered = received.length === 0 ? 500 : 200;
    received.push({ headers: req.headers, body, answered });
    res.writeHead(answered).end();
  });
});

beforeAll(async () => {
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  t = await buildTestApp({ worker: true, capabilities: ['webhooks', 'org'] });
  inst = await seedInstitution(t.app, 'hooks');
  admin = as(t.app, await login(t.app, inst.users.institution_admin));
});
afterAll(async () => {
  await t.close();
  receiver.close();
});

describe('outbound webhooks', () => {
  it('posts the events an institution subscribed to, signed, retried after a failure, with a delivery log', async () => {
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/rapport`;
    const created = await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/webhooks`,
      payload: { url, events: ['user.created'] },
    });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    expect((await admin({ method: 'GET', url: `/api/institutions/${inst.id}/webhooks` })).body).not.toContain(
      secret,
    );

    await admin({
      method: 'POST',
      url: `/api/institutions/${inst.id}/users`,
      payload: { email: 'new@hooks.test', name: '新经理', password: 'Long-enough-1', role: 'manager' },
    });
    const deadline = Date.now() + 15_000;
    while (!received.some((r) => r.answered === 200) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));

    expect(received.map((r) => r.answered)).toEqual([500, 200]);
    const [, delivered] = received;
    expect(delivered?.headers['x-rapport-event']).toBe('user.created');
    expect(delivered?.headers['x-rapport-signature']).toBe(signature(secret, delivered?.body ?? ''));
    expect(JSON.parse(delivered?.body ?? '{}')).toMatchObject({
      event: 'user.created',
      institutionId: inst.id,
      summary: 'new@hooks.test (manager)',
    });

    const log = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/webhooks/${id}/deliveries` })
    ).json().items;
    expect(log).toHaveLength(1);
    expect(log[0].attempts.map((a: { status: number }) => a.status)).toEqual([500, 200]);
    expect(log[0].deliveredAt).not.toBeNull();

    // The fan-out job run again (a retry after a crash) neither adds a delivery nor sends again.
    const event = JSON.parse(delivered?.body ?? '{}') as { id: string; event: string };
    await t.app.webhooks.fanOut({
      institutionId: inst.id,
      eventId: event.id,
      action: event.event,
      body: delivered?.body ?? '',
    });
    await new Promise((r) => setTimeout(r, 500));
    const again = (
      await admin({ method: 'GET', url: `/api/institutions/${inst.id}/webhooks/${id}/deliveries` })
    ).json().items;
    expect(again).toHaveLength(1);
    expect(received).toHaveLength(2);
  });

  it("keeps another institution's webhooks out of reach", async () => {
    const other = await seedInstitution(t.app, 'hooks-other');
    const otherAdmin = as(t.app, await login(t.app, other.users.institution_admin));
    expect(
      (await otherAdmin({ method: 'GET', url: `/api/institutions/${inst.id}/webhooks` })).statusCode,
    ).toBe(404);
  });
});
