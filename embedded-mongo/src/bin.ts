#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmbeddedMongo } from './index.js';

const { values } = parseArgs({
  options: {
    dbpath: { type: 'string' },
    port: { type: 'string', default: '27017' },
    'in-memory': { type: 'boolean', default: false },
  },
});

if (!values.dbpath && !values['in-memory']) {
  process.stderr.write('usage: embedded-mongo --dbpath DIR [--port N] | --in-memory [--port N]\n');
  process.exit(2);
}

const server = await startEmbeddedMongo({
  ...(values.dbpath ? { dbPath: values.dbpath } : {}),
  inMemory: values['in-memory'],
  port: Number(values.port),
});
process.stdout.write(`${server.uri}\n`);

const shutdown = () => {
  server.stop().then(() => process.exit(0));
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
