import { createServer, type Server } from 'node:net';
import { type Document, Long } from 'mongodb';
import { helloReply } from '../commands/handshake.js';
import { encodeOpMsg, encodeOpReply, MessageFramer, OP_MSG, parseMessage } from '../wire.js';

// The driver's own cost: a server that answers every command from memory.

/**
 * Answers `hello` as the store does, `find` with `limit` copies of one document (one without a limit)
 * and anything else with `{ok: 1}`,
 * doing no other work: what `findOne` costs here is the driver's and the socket's share, the floor
 * under any server's findOne on this machine.
 */
export async function startCannedServer(doc: Document): Promise<{ uri: string; server: Server }> {
  let requestId = 1;
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    const framer = new MessageFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const message of framer.push(chunk)) {
        const request = parseMessage(message);
        if (request.opCode !== OP_MSG) {
          socket.write(
            encodeOpReply(helloReply({ body: {}, connectionId: 1 }, true), requestId++, request.requestId),
          );
          continue;
        }
        const name = Object.keys(request.body)[0];
        const reply =
          name === 'hello' || name === 'isMaster'
            ? helloReply({ body: request.body, connectionId: 1 }, false)
            : name === 'find'
              ? {
                  cursor: {
                    firstBatch: Array.from({ length: Math.abs(Number(request.body.limit)) || 1 }, () => doc),
                    id: Long.ZERO,
                    ns: `bench.${request.body.find}`,
                  },
                  ok: 1,
                }
              : { ok: 1 };
        socket.write(encodeOpMsg(reply, requestId++, request.requestId));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { uri: `mongodb://127.0.0.1:${port}/?directConnection=true`, server };
}
