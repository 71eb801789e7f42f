// The requests of the bad-input walk: the operations of an OpenAPI document, and for each, from a valid
// baseline request, hundreds of requests that are invalid by construction — one wrong thing at a time.
// Deterministic: the same document and baseline give the same requests in the same order.
import {
  accepts,
  branches,
  branchOf,
  isFreeForm,
  isMoney,
  isTimestamp,
  parsed,
  raw,
  readings,
  specProblem,
  toJson,
  typesOf,
  type Schema
} from './schema.ts';

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface OpenApiOperation {
  parameters?: Array<{ name: string; in: string; required?: boolean; schema?: Schema; description?: string }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  security?: unknown[];
}

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: Schema;
  description: string;
}

export interface Operation {
  service: string;
  method: string;
  /** The path template, `/events/{id}/registrations`. */
  path: string;
  /** `POST /events`, as reports name it. */
  name: string;
  params: Param[];
  body: Schema | undefined;
}

/** Routes of the platform itself, which the documents hide; skipped should one ever show. */
const platformRoutes = new Set(['/health', '/ready', '/metrics', '/openapi.json']);
const methods = ['get', 'put', 'post', 'delete', 'patch'];

export function operationsOf(service: string, doc: OpenApiDoc, deref: (s: Schema | undefined) => Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (platformRoutes.has(path)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!methods.includes(method)) continue;
      const json = op.requestBody?.content?.['application/json']?.schema;
      ops.push({
        service,
        method: method.toUpperCase(),
        path,
        name: `${method.toUpperCase()} ${path}`,
        params: (op.parameters ?? []).map((p) => ({
          name: p.name,
          in: p.in as Param['in'],
          required: p.required ?? p.in === 'path',
          schema: deref(p.schema),
          description: p.description ?? ''
        })),
        body: json ? deref(json) : undefined
      });
    }
  }
  return ops;
}

/** A valid request of an operation: its path parameters (decoded), required query parameters and body. */
export interface Baseline {
  path: Record<string, string>;
  query: Array<[string, string]>;
  /** A valid value of every query parameter, required or not (decoded). */
  examples: Record<string, string>;
  body: unknown;
  headers: Record<string, string>;
}

/** One request to send, and what it must get. */
export interface Probe {
  op: string;
  /** The kind of wrong, the same across operations (`NUL in string`, `cursor: crafted`, …). */
  cls: string;
  /** Which part of the request is wrong (`body /title`, `query limit`, `path id`, `header`). */
  where: string;
  method: string;
  /** Path and query, percent-encoded as sent. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** 400 where SPEC §1 names the status; any 4xx where the framework chooses (413, 414, 415, 431, …). */
  expect: 400 | '4xx';
  /** Sent on a connection of its own: the server may answer before reading it all and close. */
  alone?: boolean;
}

/** What the walk knows of the server's cursors for a list: a position it gave out, or that they are opaque. */
export type CursorSample = { kind: 'json'; value: unknown } | { kind: 'opaque' } | { kind: 'unknown' };

const enc = encodeURIComponent;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;
const deepArray = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const b64 = (text: string) => Buffer.from(text).toString('base64url');

/** A small seeded generator (mulberry32), for "random" text that is the same in every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomText(next: () => number, length: number, alphabet: string): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

const base64urlAlphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function insertNul(s: string): string {
  const at = Math.floor(s.length / 2);
  return `${s.slice(0, at)}\u0000${s.slice(at)}`;
}

/** Timestamps outside what SPEC §1 accepts, each with the kind of wrong it is. */
const badTimestamps: Array<[string, string]> = [
  ['timestamp year 0', '0000-01-01'],
  ['timestamp year 0', '0000-01-01T00:00:00Z'],
  ['timestamp year 10000', '10000-01-01T00:00:00Z'],
  ['timestamp year 10000', '10000-01-01'],
  ['timestamp negative year', '-0001-01-01'],
  ['timestamp not a calendar date', '2030-02-30'],
  ['timestamp not a calendar date', '2030-02-30T10:00:00Z'],
  ['timestamp not a calendar date', '2030-13-01T10:00:00Z'],
  ['timestamp not a calendar date', '2030-00-10'],
  ['timestamp not a time of day', '2030-01-01T25:00:00Z'],
  ['timestamp not a time of day', '2030-01-01T10:60:00Z'],
  ['timestamp not a timestamp', 'tomorrow'],
  ['timestamp not a timestamp', '2030-1-1'],
  ['timestamp offset leaves years 1..9999', '9999-12-31T23:00:00-14:00'],
  ['timestamp offset leaves years 1..9999', '0001-01-01T00:00:00+14:00'],
  ['timestamp bad UTC offset', '2030-01-01T10:00:00+25:00']
];

interface Mutation {
  cls: string;
  value: unknown;
}

/** Wrong values for a body field of a schema, given its valid value. */
function valueMutations(name: string, schema: Schema, current: unknown): Mutation[] {
  const out: Mutation[] = [];
  const add = (cls: string, ...values: unknown[]) => values.forEach((value) => out.push({ cls, value }));
  const types = typesOf(schema);
  add('wrong type', 42, true, 'text', [], {}, null, [current]);
  add('nested 5,000 levels', raw(deepObject(5000)), raw(deepArray(5000)));

  const str = branchOf(schema, 'string');
  if (types.has('string')) {
    const valid = typeof current === 'string' ? current : 'abc';
    add('NUL in string', '\u0000', 'a\u0000b', insertNul(valid), `${valid}\u0000`);
    const max = str?.maxLength;
    if (max !== undefined) add('string too long', 'x'.repeat(max + 1), valid.padEnd(max + 1, valid.at(-1) ?? 'x'));
    add('string too long', 'x'.repeat(100_000));
    if ((str?.minLength ?? 0) >= 1) add('string empty', '');
    if (branches(schema).some((b) => b.enum)) add('not in enum', 'nope', valid.toUpperCase(), ` ${valid}`);
    if (str?.format === 'email') add('bad email', 'not-an-email', 'a@', '@example.com', 'a b@example.com');
    if (str?.format === 'uri') add('bad URL', 'not a url', 'http//missing-colon', '://no-scheme');
    if (str?.pattern && !isTimestamp(schema)) add('pattern mismatch', '<script>', ' ', 'ü');
    if (isTimestamp(schema)) for (const [cls, v] of badTimestamps) add(cls, v);
  }
  const int = branchOf(schema, 'integer');
  if (int) {
    add('integer below minimum', 0, -1);
    add('integer fraction', 1.5);
    add('integer 2^31 (outside int32)', 2 ** 31);
    add('integer below -2^31', -(2 ** 31) - 1);
    add('integer 2^53', 2 ** 53, -(2 ** 53));
    add('integer 1e308', 1e308);
    if (int.maximum !== undefined && int.maximum < 2 ** 31) add('integer above maximum', int.maximum + 1);
    add('number as string', '1', 'abc');
  }
  const num = branchOf(schema, 'number');
  if (num) {
    add('number out of range', -1, 1e308, -1e308);
    if (num.maximum !== undefined) add('number out of range', num.maximum * 10);
    add('number as string', 'abc', 'NaN', 'Infinity');
    if (isMoney(name)) add('money with 3 decimals', 10.555, '10.555');
  }
  if (int || num) add('number not finite (1e400)', raw('1e400'), raw('-1e400'));
  if (types.has('boolean')) add('wrong type', 'true', 1, 0);
  if (types.has('object')) {
    if (isFreeForm(schema)) {
      const obj = branchOf(schema, 'object')!;
      add('free-form over 16 KB', { note: 'x'.repeat(17 * 1024) });
      add('free-form over 16 KB', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'x'.repeat(500)])));
      if (obj.maxProperties !== undefined)
        add(
          'free-form too many properties',
          Object.fromEntries(Array.from({ length: obj.maxProperties + 1 }, (_, i) => [`k${i}`, i]))
        );
      add('NUL in free-form', { 'a\u0000b': 1 }, { a: 'x\u0000y' }, { a: ['\u0000'] });
      add('number not finite (1e400)', { a: raw('1e400') }, { a: [raw('-1e400')] });
      add('nested 20 levels', raw(deepObject(20)), { a: raw(deepArray(20)) });
    } else if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
      add('unknown field', { ...current, nope: 1 });
    }
  }
  if (types.has('array')) {
    const arr = branchOf(schema, 'array')!;
    if (arr.maxItems !== undefined)
      add(
        'array too long',
        Array.from({ length: arr.maxItems + 1 }, () => current)
      );
    add('nested 20 levels', raw(deepArray(20)));
  }
  return out;
}

/** Every field of a body schema, nested objects' fields included, as JSON Pointer segments. */
function fieldsOf(schema: Schema, at: string[] = []): Array<{ at: string[]; name: string; schema: Schema }> {
  const props = branches(schema).find((b) => b.properties)?.properties ?? {};
  return Object.entries(props).flatMap(([name, s]) => {
    const here = { at: [...at, name], name, schema: s };
    const nested = branches(s).some((b) => b.properties) ? fieldsOf(s, [...at, name]) : [];
    return [here, ...nested];
  });
}

function setAt(base: unknown, at: string[], value: unknown, fill: (at: string[]) => unknown): unknown {
  const root = structuredClone(base) as Record<string, unknown>;
  let node = root;
  for (let i = 0; i < at.length - 1; i++) {
    const k = at[i]!;
    if (typeof node[k] !== 'object' || node[k] === null) node[k] = fill(at.slice(0, i + 1));
    node = node[k] as Record<string, unknown>;
  }
  node[at.at(-1)!] = value;
  return root;
}

function getAt(base: unknown, at: string[]): unknown {
  let node = base;
  for (const k of at)
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[k] : undefined;
  return node;
}

/** Wrong texts for a query or path parameter, percent-encoded as they are sent. */
function textMutations(p: Param, valid: string): Array<{ cls: string; text: string }> {
  const out: Array<{ cls: string; text: string }> = [];
  const add = (cls: string, ...texts: string[]) => texts.forEach((text) => out.push({ cls, text }));
  const types = typesOf(p.schema);
  const str = branchOf(p.schema, 'string');
  if (types.has('integer') || types.has('number')) {
    add('integer below minimum', '0', '-1');
    add('integer fraction', '1.5');
    add('integer 2^31 (outside int32)', '2147483648');
    add('integer below -2^31', '-2147483649');
    add('integer 2^53', '9007199254740992', '99999999999999999999');
    add('integer 1e308', '1e308');
    add('number not finite (1e400)', '1e400', 'Infinity');
    add('wrong type', 'abc', 'true', 'null', '%5B%5D', '%7B%7D', '0x10g', '1%2C2');
    add('NUL in string', '%00', '1%00', `${enc(valid)}%00`);
    const max = branchOf(p.schema, 'integer')?.maximum;
    if (max !== undefined && max < 2 ** 31) add('integer above maximum', String(max + 1));
    if (p.in === 'query') add('wrong type', '');
  }
  if (types.has('string')) {
    add('NUL in string', '%00', 'a%00b', enc(insertNul(valid || 'abc')));
    if (str?.maxLength !== undefined) add('string too long', enc('x'.repeat(str.maxLength + 1)));
    if (p.in === 'query') add('string too long', 'x'.repeat(10_000));
    if ((str?.minLength ?? 0) >= 1 && p.in === 'query') add('string empty', '');
    if (branches(p.schema).some((b) => b.enum)) add('not in enum', 'nope', enc(valid.toUpperCase()), '%20');
    if (isTimestamp(p.schema)) for (const [cls, v] of badTimestamps) add(cls, enc(v));
  }
  if (p.in === 'path') {
    add('path parameter of 10,000 characters', '1'.repeat(10_000), 'a'.repeat(10_000));
    add('path parameter with bad percent-encoding', '%ff', '%E0%A4%A', '%');
  }
  return out;
}

/** Cursors this walk makes up; none is one the service gave out (see `possiblyIssued`). */
function craftedCursors(seed: number): Array<{ cls: string; text: string }> {
  const next = seeded(seed);
  const json = [
    '[1.5,1.5]',
    '[1e308,2147483648]',
    '["x"]',
    '{}',
    '[1]',
    '[-1,-1]',
    '[]',
    'null',
    '"x"',
    '["x",1]',
    '[1,"x"]',
    '[0,0]',
    '[2147483648]',
    '[1,2147483648]',
    '[9007199254740993,1]',
    '["\\u0000"]',
    '["\\u0000",1]',
    '[1e400]',
    '[1e400,1]',
    '[-1e400,-1e400]',
    '[1,1,1]',
    '[[1],[1]]',
    '[{"a":1},1]',
    '[true,true]',
    '[null,null]',
    '["0000-01-01T00:00:00Z",1]',
    '["10000-01-01T00:00:00Z",1]',
    `[${'['.repeat(50)}${']'.repeat(50)}]`
  ];
  return [
    ...json.map((j) => ({ cls: `cursor: crafted JSON`, text: enc(b64(j)) })),
    ...[8, 16, 43, 120].map((n) => ({ cls: 'cursor: random text', text: randomText(next, n, base64urlAlphabet) })),
    { cls: 'cursor: random text', text: 'zzz' },
    { cls: 'cursor: not base64url', text: enc('!!!***') },
    { cls: 'cursor: not base64url', text: enc('a b c') },
    { cls: 'cursor: not base64url', text: '%00' },
    { cls: 'cursor: not base64url', text: enc('====') },
    { cls: 'cursor: not base64url', text: enc(`${b64('[1,1]')}!`) },
    { cls: 'cursor: too long', text: 'A'.repeat(501) },
    { cls: 'cursor: too long', text: b64(`[${'1'.repeat(600)}]`) }
  ];
}

const MICROS_YEAR_1 = -62_135_596_800_000_000;
const MICROS_YEAR_10000 = 253_402_300_800_000_000;

/** Whether one element of a made-up position could stand where the service put `like` in a cursor it gave out. */
function plausibleElement(v: unknown, like: unknown): boolean {
  if (typeof like === 'string') return typeof v === 'string' && !v.includes('\u0000');
  if (typeof like === 'number') {
    if (typeof v !== 'number' || !Number.isFinite(v)) return false;
    if (!Number.isInteger(like)) return true;
    if (like >= 1 && like < 2 ** 31) return Number.isInteger(v) && v >= 1 && v < 2 ** 31; // an id
    return Number.isSafeInteger(v) && v >= MICROS_YEAR_1 && v < MICROS_YEAR_10000; // a time in µs
  }
  return typeof v === typeof like && v !== null && like !== null;
}

/**
 * Whether a made-up cursor could be one the service gave out, so that refusing it is not required. When
 * the service's cursors decode to JSON positions, a position like the ones it gives out could be real (`[1]`
 * is the cursor after user 1, `["x", 1]` the one after client "x"); when they are opaque (signed), none could.
 * Without a sample (a list too short to give one out), positions of ids, times and strings could be.
 */
function possiblyIssued(text: string, sample: CursorSample): boolean {
  if (sample.kind === 'opaque') return false;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(decodeURIComponent(text), 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (!Array.isArray(value) || value.length === 0) return false;
  if (sample.kind === 'unknown')
    return value.every((v) => plausibleElement(v, 1) || plausibleElement(v, 2 ** 40) || plausibleElement(v, ''));
  const like = sample.value;
  return Array.isArray(like) && like.length === value.length && value.every((v, i) => plausibleElement(v, like[i]));
}

const expectAny = new Set([
  'wrong content-type',
  'body over the size limit',
  'path parameter of 10,000 characters',
  'path parameter with bad percent-encoding',
  'header over 16 KB',
  'query string over 100 KB'
]);

/** Fields a body must not carry unless its schema names them: made up, or the server's own (mass assignment). */
const extraNames = [
  'nope',
  'id',
  'created_at',
  'updated_at',
  'role',
  'status',
  'organizer_id',
  'user_id',
  'password_hash',
  'is_admin'
];

export interface GenerateContext {
  /** A valid value for a field that is missing from the baseline (a parent object of a nested field). */
  fill(at: string[]): unknown;
  /** What is known of the cursors of this operation's list. */
  cursor: CursorSample;
  seed: number;
}

/** The invalid requests of one operation, from its valid baseline. */
export function probesFor(op: Operation, base: Baseline, ctx: GenerateContext): { probes: Probe[]; skipped: string[] } {
  const probes: Probe[] = [];
  /** Generated values that turned out valid (so not sent), for the report: `body /description: ""`. */
  const skipped: string[] = [];
  const skip = (where: string, value: string) =>
    skipped.push(`${where}: ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`);
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const pathOf = (override?: [string, string]) =>
    op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
      override && override[0] === name ? override[1] : enc(base.path[name] ?? '1')
    );
  const queryOf = (pairs: Array<[string, string]>) =>
    pairs.length ? `?${pairs.map(([k, v]) => `${enc(k)}=${v}`).join('&')}` : '';
  const baseQuery = base.query.map(([k, v]) => [k, enc(v)] as [string, string]);
  const baseUrl = pathOf() + queryOf(baseQuery);
  const bodyText = op.body ? toJson(base.body) : undefined;
  const jsonHeaders: Record<string, string> = { ...base.headers, 'content-type': 'application/json' };
  const defaults = { headers: op.body ? jsonHeaders : base.headers, body: bodyText };
  /** A probe; one that does not say otherwise carries the baseline's headers and body. */
  const push = (p: Pick<Probe, 'cls' | 'where' | 'url'> & Partial<Pick<Probe, 'headers' | 'body' | 'alone'>>) =>
    probes.push({
      op: op.name,
      method: op.method,
      expect: expectAny.has(p.cls) ? '4xx' : 400,
      ...defaults,
      ...p
    });
  const withBody = (cls: string, where: string, body: string, headers = jsonHeaders, alone = false) =>
    push({ cls, where, url: baseUrl, headers, body, alone });

  // Body: one field at a time, then the body as a whole.
  if (op.body) {
    const schema = op.body;
    const invalid = (value: unknown) => {
      const v = parsed(value);
      return !accepts(schema, v) || specProblem('', schema, v) !== null;
    };
    const sendBody = (cls: string, where: string, value: unknown, shown = value) => {
      if (invalid(value)) withBody(cls, where, toJson(value));
      else skip(where, toJson(shown));
    };
    for (const field of fieldsOf(schema)) {
      const current = getAt(base.body, field.at) ?? ctx.fill(field.at);
      for (const m of valueMutations(field.name, field.schema, current))
        sendBody(m.cls, `body /${field.at.join('/')}`, setAt(base.body, field.at, m.value, ctx.fill), m.value);
    }
    const props = branches(schema).find((b) => b.properties)?.properties ?? {};
    const baseObject =
      typeof base.body === 'object' && base.body !== null ? (base.body as Record<string, unknown>) : {};
    for (const k of extraNames.filter((n) => !(n in props)))
      sendBody('unknown field', `body /${k}`, { ...baseObject, [k]: 1 });
    for (const k of branches(schema).find((b) => b.required)?.required ?? []) {
      const { [k]: _omitted, ...rest } = baseObject;
      sendBody('missing required field', `body /${k}`, rest);
    }
    sendBody('missing required field', 'body', {});
    if (!accepts(schema, {}))
      push({ cls: 'no body', where: 'body', url: baseUrl, headers: base.headers, body: undefined });
    for (const v of [[], 'text', 42, null, true, [baseObject]]) sendBody('wrong top-level type', 'body', v);
    sendBody('nested 5,000 levels', 'body', raw(deepArray(5000)));
    sendBody('nested 5,000 levels', 'body', raw(deepObject(5000)));
    sendBody('nested 20 levels', 'body', { ...baseObject, nope: raw(deepObject(20)) });
    sendBody('number not finite (1e400)', 'body', raw('1e400'));
    const text = bodyText ?? '{}';
    const inner = text.length > 2 ? `,${text.slice(1)}` : '}';
    for (const malformed of [
      '{',
      '{"a":}',
      `${text}}`,
      text.slice(0, -1),
      "{'a':1}",
      'NaN',
      '{"a":1,}',
      '[1,]',
      '',
      ' ',
      '\u0000',
      `\u0000${text}`,
      `${text}\u0000`,
      ...(text.includes(':') ? [text.replace(/:/, ':\u0000')] : [])
    ])
      withBody('malformed JSON', 'body', malformed);
    withBody('prototype poisoning', 'body /__proto__', `{"__proto__":{"role":"admin"}${inner}`);
    withBody('prototype poisoning', 'body /constructor', `{"constructor":{"prototype":{"role":"admin"}}${inner}`);
    withBody(
      'body over the size limit',
      'body',
      toJson({ ...baseObject, nope: 'x'.repeat(1_100_000) }),
      jsonHeaders,
      true
    );
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/xml',
      'multipart/form-data; boundary=x',
      'application/octet-stream'
    ])
      withBody('wrong content-type', 'header content-type', text, { ...base.headers, 'content-type': type });
    withBody('wrong content-type', 'header content-type', text, base.headers);
  }

  // Query: one parameter at a time, unknown and repeated ones, and crafted cursors.
  for (const p of queryParams) {
    const others = baseQuery.filter(([k]) => k !== p.name);
    const validText = base.examples[p.name] ?? 'abc';
    const isCursor = p.name === 'cursor' || /cursor/i.test(p.description);
    const candidates = isCursor
      ? [...craftedCursors(ctx.seed), ...textMutations(p, 'abc')]
      : textMutations(p, validText);
    for (const m of candidates) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(m.text);
      } catch {
        decoded = '\uFFFD';
      }
      const valid =
        !isCursor && readings(p.schema, decoded).some((r) => accepts(p.schema, r) && !specProblem(p.name, p.schema, r));
      if (valid || (m.cls === 'cursor: crafted JSON' && possiblyIssued(m.text, ctx.cursor))) {
        skip(`query ${p.name}`, m.text);
        continue;
      }
      push({ cls: m.cls, where: `query ${p.name}`, url: pathOf() + queryOf([...others, [p.name, m.text]]) });
    }
    const valid = enc(validText);
    push({
      cls: 'repeated query parameter',
      where: `query ${p.name}`,
      url: pathOf() + queryOf([...others, [p.name, valid], [p.name, valid]])
    });
  }
  if (queryParams.length > 0)
    for (const k of ['nope', 'admin'].filter((n) => !queryParams.some((p) => p.name === n)))
      push({ cls: 'unknown query parameter', where: `query ${k}`, url: pathOf() + queryOf([...baseQuery, [k, '1']]) });

  // Path: one parameter at a time; the router's own refusals (too long, bad encoding) included.
  for (const p of pathParams) {
    for (const m of textMutations(p, base.path[p.name] ?? '1')) {
      let decoded: string | undefined;
      try {
        decoded = decodeURIComponent(m.text);
      } catch {
        decoded = undefined;
      }
      const valid =
        decoded !== undefined &&
        readings(p.schema, decoded).some((r) => accepts(p.schema, r) && !specProblem(p.name, p.schema, r));
      if (valid) {
        skip(`path ${p.name}`, m.text);
        continue;
      }
      const url = pathOf([p.name, m.text]) + queryOf(baseQuery);
      push({ cls: m.cls, where: `path ${p.name}`, url, alone: expectAny.has(m.cls) });
    }
  }

  // The HTTP server's own limits, on the baseline request.
  push({
    cls: 'header over 16 KB',
    where: 'header x-filler',
    url: baseUrl,
    headers: { ...defaults.headers, 'x-filler': 'x'.repeat(17 * 1024) },
    alone: true
  });
  push({
    cls: 'query string over 100 KB',
    where: 'query',
    url: `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}nope=${'x'.repeat(100 * 1024)}`,
    alone: true
  });
  return { probes, skipped };
}
