/**
 * Hostile inputs, as data: each names what it tries and how it reaches a route. `merge` is laid over
 * a route's valid-looking body, `replace` is sent instead of it (an object, or raw text), `values`
 * replaces the value of every top-level field of another type (type confusion), `query` is appended to
 * the URL. Every one must be refused.
 */
export interface Attack {
  name: string;
  merge?: Record<string, unknown>;
  /** Sent as the whole body; a string goes as is. */
  replace?: unknown;
  values?: unknown;
  /** Raw query text, `{q}` standing for one of the route's own query parameters. */
  query?: string;
  contentType?: string;
  /** Statuses that count as refused for this attack; default 400. */
  expect?: number[];
  /**
   * A `merge` key the route's body declares is no mass assignment there: the route is skipped, unless
   * this lists what such a value must get (a stale `rev` is 409).
   */
  whenDeclared?: number[];
}

const MiB = 1024 * 1024;

/** Raw JSON with `__proto__` as a key: JSON.stringify of an object literal would drop it. */
const raw = (text: string) => text;

function deep(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

function manyKeys(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`"${i.toString(36)}":0`);
  return `{${parts.join(',')}}`;
}

export const BODY_ATTACKS: Attack[] = [
  // Operator injection: values that are query operators, and $- or dotted keys.
  { name: 'value {"$ne":""}', values: { $ne: '' } },
  { name: 'value {"$gt":""}', values: { $gt: '' } },
  { name: 'value {"$regex":".*"}', values: { $regex: '.*' } },
  { name: 'value {"$where":"sleep(1000)"}', values: { $where: 'sleep(1000)' } },
  { name: 'value {"$in":[…]}', values: { $in: ['a', 'b'] } },
  { name: 'value {"$exists":true}', values: { $exists: true } },
  { name: 'value {"$expr":{…}}', values: { $expr: { $eq: [1, 1] } } },
  { name: 'top-level $where', merge: { $where: 'this.a == this.a' } },
  { name: 'top-level $set', merge: { $set: { institutionId: 'x' } } },
  { name: 'top-level $unset', merge: { $unset: { rev: 1 } } },
  { name: 'dotted key', merge: { 'a.b': 1 } },
  { name: 'dotted key reaching a nested field', merge: { 'owner.institutionId': 'x' } },
  { name: 'nested $-key', merge: { nested: { deeper: { $ne: null } } } },
  { name: '$-key inside an array', merge: { list: [{ $gt: 0 }] } },
  { name: 'whole body an operator', replace: { $or: [{}, { a: 1 }] } },
  // Prototype pollution, raw so that __proto__ stays a key.
  { name: '__proto__ at top', replace: raw('{"__proto__":{"isAdmin":true}}') },
  { name: '__proto__ nested', replace: raw('{"a":{"b":{"__proto__":{"polluted":1}}}}') },
  { name: 'constructor.prototype', replace: raw('{"constructor":{"prototype":{"polluted":1}}}') },
  { name: 'prototype key', merge: { prototype: { polluted: 1 } } },
  { name: 'escaped __proto__', replace: raw('{"\\u005f\\u005fproto\\u005f\\u005f":{"polluted":1}}') },
  { name: 'escaped constructor', replace: raw('{"\\u0063onstructor":{"prototype":{"x":1}}}') },
  { name: '__proto__ in free-form data', replace: raw('{"data":{"__proto__":{"polluted":1}}}') },
  {
    name: '__proto__ in a schema default',
    replace: raw(
      '{"schema":{"type":"object","properties":{"a":{"type":"object","default":{"__proto__":{"x":1}}}}}}',
    ),
  },
  {
    name: 'constructor in a schema default',
    replace: raw('{"schema":{"type":"object","default":{"constructor":{"prototype":{"x":1}}}}}'),
  },
  { name: '__proto__ in an array item', replace: raw('[{"__proto__":{"x":1}}]') },
  // Mass assignment: fields the server owns.
  { name: 'mass assignment institutionId', merge: { institutionId: 'ffffffffffffffffffffffff' } },
  { name: 'mass assignment role', merge: { role: 'platform_admin' } },
  { name: 'mass assignment status', merge: { status: 'published' } },
  { name: 'mass assignment score', merge: { score: 100 } },
  { name: 'mass assignment rev', merge: { rev: 999_999 }, whenDeclared: [409, 404, 400] },
  { name: 'mass assignment _id', merge: { _id: 'ffffffffffffffffffffffff' } },
  { name: 'mass assignment reviewerId', merge: { reviewerId: 'ffffffffffffffffffffffff' } },
  { name: 'mass assignment createdAt', merge: { createdAt: '2000-01-01T00:00:00Z' } },
  { name: 'mass assignment passwordHash', merge: { passwordHash: 'x' } },
  { name: 'mass assignment disabled', merge: { disabled: false, deletedAt: null } },
  // Type confusion.
  { name: 'values are arrays', values: ['a'] },
  { name: 'values are numbers', values: 12345 },
  { name: 'values are booleans', values: true },
  { name: 'values are null', values: null },
  { name: 'values are huge strings', values: 'x'.repeat(100_000), expect: [400, 413] },
  { name: 'values are numeric strings', values: '1' },
  { name: 'body is an array', replace: [] },
  { name: 'body is a string', replace: raw('"hello"') },
  { name: 'body is a number', replace: raw('42') },
  { name: 'body is null', replace: raw('null') },
  { name: 'body is true', replace: raw('true') },
  // Size and shape.
  { name: '1 MiB + 1 body', replace: `{"a":"${'x'.repeat(MiB + 1 - 8)}"}`, expect: [413] },
  { name: 'nested 10 000 levels', replace: deep(10_000) },
  { name: 'nested 33 levels', replace: deep(33) },
  { name: 'arrays nested 5 000 levels', replace: `${'['.repeat(5000)}${']'.repeat(5000)}` },
  { name: '10^5 keys', replace: manyKeys(100_000) },
  { name: 'malformed JSON', replace: raw('{"a":') },
  { name: 'JSON with a trailing comma', replace: raw('{"a":1,}') },
  // Wrong content type.
  { name: 'text/plain body', replace: raw('{"a":1}'), contentType: 'text/plain', expect: [415] },
  {
    name: 'form-urlencoded body',
    replace: raw('a=1&b=2'),
    contentType: 'application/x-www-form-urlencoded',
    expect: [415],
  },
  { name: 'XML body', replace: raw('<a>1</a>'), contentType: 'application/xml', expect: [415] },
  {
    name: 'multipart body',
    replace: raw('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--'),
    contentType: 'multipart/form-data; boundary=x',
    expect: [415],
  },
  // NUL bytes.
  { name: 'NUL in a key', replace: raw('{"a\\u0000b":1}') },
  { name: 'NUL key alone', replace: raw('{"\\u0000":1}') },
  { name: 'NUL in a nested key', merge: { nested: { 'x\u0000$ne': 1 } } },
];

export const QUERY_ATTACKS: Attack[] = [
  { name: 'query {q}[$ne]=x', query: '{q}[$ne]=x' },
  { name: 'query {q}[$gt]=', query: '{q}[$gt]=' },
  { name: 'query {q}[$regex]=.*', query: '{q}[$regex]=.*' },
  { name: 'query $where=1', query: '$where=1' },
  { name: 'query dotted key', query: 'a.b=1' },
  { name: 'query __proto__[x]=1', query: '__proto__[x]=1' },
  { name: 'query __proto__=1', query: '__proto__=1' },
  { name: 'query constructor[prototype][x]=1', query: 'constructor[prototype][x]=1' },
  { name: 'query NUL in a key', query: 'a%00b=1' },
  { name: 'query unknown parameter', query: 'institutionId=ffffffffffffffffffffffff' },
  { name: 'query {q} repeated 1000 times', query: Array.from({ length: 1000 }, () => '{q}=x').join('&') },
];
