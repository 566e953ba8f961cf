import { connect } from 'node:net';
import { type Document, deserialize, serialize } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32c } from './crc32c.js';
import { type EmbeddedMongo, startEmbeddedMongo } from './index.js';

let server: EmbeddedMongo;
let client: MongoClient;
const logged: string[] = [];

beforeAll(async () => {
  server = await startEmbeddedMongo({ inMemory: true, log: (msg) => logged.push(msg) });
  client = new MongoClient(server.uri);
  await client.connect();
  await client
    .db('wire')
    .collection<{ _id: number }>('data')
    .insertMany([{ _id: 1 }, { _id: 2 }]);
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

function frame(opCode: number, payload: Buffer, requestId = 7): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + payload.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, payload]);
}

function opMsg(
  body: Document,
  options: { flags?: number; sequence?: [string, Document[]]; checksum?: 'good' | 'bad' } = {},
) {
  const flags = (options.flags ?? 0) | (options.checksum ? 1 : 0);
  const parts = [Buffer.from([0, 0, 0, 0]), Buffer.from([0]), Buffer.from(serialize(body))];
  parts[0]?.writeUInt32LE(flags, 0);
  if (options.sequence) {
    const [name, docs] = options.sequence;
    const content = Buffer.concat([Buffer.from(`${name}\0`), ...docs.map((d) => Buffer.from(serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + content.length, 0);
    parts.push(Buffer.from([1]), size, content);
  }
  if (!options.checksum) return frame(2013, Buffer.concat(parts));
  const unsummed = frame(2013, Buffer.concat([...parts, Buffer.alloc(4)]));
  const sum = crc32c(unsummed.subarray(0, unsummed.length - 4));
  unsummed.writeUInt32LE(options.checksum === 'good' ? sum : sum ^ 1, unsummed.length - 4);
  return unsummed;
}

interface Exchange {
  closed: boolean;
  replies: Buffer[];
}

/** Sends raw bytes (optionally half-closing) and reports the replies and whether the server closed the socket. */
function exchange(bytes: Buffer, options: { end?: boolean; waitMs?: number } = {}): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1');
    let received = Buffer.alloc(0);
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const replies: Buffer[] = [];
      for (let at = 0; at + 4 <= received.length; at += received.readInt32LE(at)) {
        replies.push(received.subarray(at, at + received.readInt32LE(at)));
      }
      resolve({ closed, replies });
    };
    const timer = setTimeout(() => done(false), options.waitMs ?? 1500);
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
    });
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
    socket.write(bytes, () => {
      if (options.end) socket.end();
    });
  });
}

const replyBody = (reply: Buffer | undefined): Document => deserialize((reply as Buffer).subarray(21));

async function expectServerHealthy() {
  const coll = client.db('wire').collection('data');
  expect((await coll.find().toArray()).map((d) => d._id).slice(0, 2)).toEqual([1, 2]);
  await coll.insertOne({ probe: Date.now() });
}

describe('malformed wire input', () => {
  it('closes a connection that sends a truncated message', async () => {
    const whole = opMsg({ ping: 1, $db: 'admin' });
    const result = await exchange(whole.subarray(0, whole.length - 5), { end: true });
    expect(result.closed).toBe(true);
    expect(result.replies).toHaveLength(0);
    await expectServerHealthy();
  });

  it('closes a connection announcing an oversized or undersized message', async () => {
    for (const length of [48_000_001, 2_000_000_000, 8, -1]) {
      const header = Buffer.alloc(16);
      header.writeInt32LE(length, 0);
      header.writeInt32LE(2013, 12);
      const result = await exchange(header);
      expect(result.closed).toBe(true);
    }
    expect(logged.some((line) => line.includes('exceeds maxMessageSizeBytes'))).toBe(true);
    expect(logged.some((line) => line.includes('smaller than a header'))).toBe(true);
    await expectServerHealthy();
  });

  it('closes a connection that sends garbage or an unknown opcode', async () => {
    expect((await exchange(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).closed).toBe(true);
    expect((await exchange(frame(9999, Buffer.alloc(20)))).closed).toBe(true);
    expect(logged.some((line) => line.includes('unsupported opCode 9999'))).toBe(true);
    await expectServerHealthy();
  });

  it('closes a connection that sends invalid BSON inside a valid OP_MSG', async () => {
    const badDoc = Buffer.from([12, 0, 0, 0, 0x99, 0x61, 0, 1, 2, 3, 4, 0]);
    const result = await exchange(frame(2013, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), badDoc])));
    expect(result.closed).toBe(true);
    const overrun = Buffer.from([200, 0, 0, 0, 0]);
    expect(
      (await exchange(frame(2013, Buffer.concat([Buffer.alloc(4), Buffer.from([0]), overrun])))).closed,
    ).toBe(true);
    expect(
      (await exchange(frame(2013, Buffer.concat([Buffer.alloc(4), Buffer.from([7]), overrun])))).closed,
    ).toBe(true);
    expect(logged.some((line) => line.includes('invalid BSON'))).toBe(true);
    await expectServerHealthy();
  });

  it('verifies OP_MSG checksums', async () => {
    const good = await exchange(opMsg({ ping: 1, $db: 'admin' }, { checksum: 'good' }), { waitMs: 300 });
    expect(good.closed).toBe(false);
    expect(replyBody(good.replies[0]).ok).toBe(1);
    const bad = await exchange(opMsg({ ping: 1, $db: 'admin' }, { checksum: 'bad' }));
    expect(bad.closed).toBe(true);
    expect(bad.replies).toHaveLength(0);
  });

  it('keeps other clients working while bad connections come and go', async () => {
    const attacks = Array.from({ length: 10 }, (_, i) =>
      exchange(
        i % 2 ? Buffer.from('\xff\xff\xff\x7fjunk') : opMsg({ insert: 'data', $db: 'wire' }).subarray(0, 10),
        {
          end: true,
        },
      ),
    );
    const work = Array.from({ length: 20 }, (_, i) =>
      client.db('wire').collection('concurrent').insertOne({ i }),
    );
    await Promise.all([...attacks, ...work]);
    expect(await client.db('wire').collection('concurrent').countDocuments()).toBe(20);
    await expectServerHealthy();
  });
});

describe('wire protocol features', () => {
  it('reads insert documents from a kind-1 document sequence', async () => {
    const result = await exchange(
      opMsg({ insert: 'seq', $db: 'wire' }, { sequence: ['documents', [{ _id: 'a' }, { _id: 'b' }]] }),
      { waitMs: 300 },
    );
    expect(replyBody(result.replies[0])).toMatchObject({ n: 2, ok: 1 });
    expect(await client.db('wire').collection('seq').countDocuments()).toBe(2);
  });

  it('does not reply to moreToCome messages but still applies them', async () => {
    const unacknowledged = opMsg({ insert: 'fire', documents: [{ _id: 1 }], $db: 'wire' }, { flags: 2 });
    const ping = opMsg({ ping: 1, $db: 'admin' });
    ping.writeInt32LE(99, 4);
    const result = await exchange(Buffer.concat([unacknowledged, ping]), { waitMs: 300 });
    expect(result.replies).toHaveLength(1);
    expect(result.replies[0]?.readInt32LE(8)).toBe(99);
    expect(await client.db('wire').collection('fire').countDocuments()).toBe(1);
  });

  it('answers a legacy OP_QUERY hello with OP_REPLY', async () => {
    const query = Buffer.concat([
      Buffer.alloc(4),
      Buffer.from('admin.$cmd\0'),
      Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from(serialize({ isMaster: 1, helloOk: true })),
    ]);
    const result = await exchange(frame(2004, query), { waitMs: 300 });
    const reply = result.replies[0] as Buffer;
    expect(reply.readInt32LE(12)).toBe(1);
    const doc = deserialize(reply.subarray(36));
    expect(doc).toMatchObject({ ismaster: true, helloOk: true, ok: 1 });
    expect(doc.maxWireVersion).toBeGreaterThanOrEqual(21);
  });
});
