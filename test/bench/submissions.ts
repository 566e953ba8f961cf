// npm run bench (in test/): submission POST throughput next to a bare Fastify route that only runs ajv.
import { Ajv } from 'ajv';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { generatedAppraisal } from '../kit/appraisal-form.js';
import { STANDALONE_PASSWORD, seedPublishedForm, startStandalone } from '../kit/standalone.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

function load(url: string, body: string, headers: Record<string, string>): Promise<autocannon.Result> {
  return autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    connections: CONNECTIONS,
    duration: SECONDS,
  });
}

const { schema, data } = generatedAppraisal(6, 10);
const body = JSON.stringify({ data, submit: true });

const rapport = await startStandalone({ ui: false, separateStore: true });
const seeded = await seedPublishedForm(rapport.app, 'bench', {
  key: 'appraisal-60',
  title: { zh: '60 项考核表', en: '60-field appraisal' },
  description: { zh: '', en: '' },
  schema,
  uiSchema: {},
  readScope: 'own',
});
const login = await fetch(`${rapport.url}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: seeded.managerEmail, password: STANDALONE_PASSWORD }),
});
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

// The baseline: the same payload, only parsed and validated by ajv against the same schema.
const bare = Fastify();
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
bare.post('/bare', async (request, reply) => {
  const ok = validate((request.body as { data: unknown }).data);
  return reply.status(ok ? 201 : 400).send({ ok });
});
await bare.listen({ port: 0, host: '127.0.0.1' });
const address = bare.server.address();
const bareUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

console.log(
  `# Submission POST, 60-field form, ${CONNECTIONS} connections, ${SECONDS} s each, ${new Date().toISOString()}`,
);
const baseline = await load(`${bareUrl}/bare`, body, {});
const measured = await load(
  `${rapport.url}/api/institutions/${seeded.institutionId.toHexString()}/forms/${seeded.formId.toHexString()}/submissions`,
  body,
  { cookie },
);
const row = (route: string, r: autocannon.Result) => ({
  route,
  'req/s': Math.round(r.requests.average),
  'p50 ms': r.latency.p50,
  'p99 ms': r.latency.p99,
  errors: r.errors + r.non2xx,
  'ratio to bare': (r.requests.average / baseline.requests.average).toFixed(3),
});
console.table([row('bare Fastify + ajv', baseline), row('Rapport POST submission', measured)]);
const stored = await rapport.app.mongo.db.collection('submissions').countDocuments({});
console.log(`submissions stored: ${stored} (acknowledged 2xx: ${measured['2xx']})`);

await bare.close();
await rapport.stop();
