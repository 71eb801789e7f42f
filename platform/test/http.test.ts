// The HTTP server every service is built on: validation, problem+json, request ids, platform routes, auth.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SignJWT, UnsecuredJWT } from 'jose';
import { Type } from 'typebox';
import {
  AppError,
  createHttpServer,
  createAuthenticator,
  createPrincipalTable,
  createServiceMetrics,
  migrate,
  parseJsonBody,
  platformMigrations,
  requireRole,
  saveRevokedSession,
  saveUserState,
  signAccessToken,
  useJsonBodyParser,
  type HttpServer,
  type PrincipalTable
} from '../src/index.ts';
import { capturingLogger, eventually, openTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const SECRET = 'test-secret-that-is-long-enough-for-hs256';

describe('HTTP server', () => {
  let app: HttpServer;
  let ready = true;
  const log = capturingLogger();
  let db: TestDatabase;
  let principals: PrincipalTable;

  before(async () => {
    db = await openTestDatabase();
    await migrate(db, await platformMigrations());
    // The service's own path: the callers' state from the in-memory table, kept by the tables' notifications.
    principals = createPrincipalTable({ db, logger: log.logger, name: 'demo' });
    await principals.start();
    const auth = createAuthenticator({ secret: SECRET, principals });
    app = await createHttpServer({
      auth,
      service: 'demo',
      version: '1.2.3',
      logger: log.logger,
      metrics: createServiceMetrics('demo', { processMetrics: false }),
      readiness: async () => ({ database: ready, kafka: true })
    });
    app.post(
      '/things',
      {
        schema: {
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 100 }),
              capacity: Type.Integer({ minimum: 1 }),
              password: Type.Optional(Type.String())
            },
            { additionalProperties: false }
          ),
          querystring: Type.Object(
            { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
            { additionalProperties: false }
          ),
          response: { 201: Type.Object({ name: Type.String(), capacity: Type.Integer() }) }
        }
      },
      async (request, reply) => {
        if (request.body.name === 'taken') throw new AppError('CONFLICT', 'A thing with this name exists.');
        return reply.code(201).send({ name: request.body.name, capacity: request.body.capacity });
      }
    );
    app.get('/boom', async () => {
      throw new Error('secret internal detail: connection string postgres://u:p@h');
    });
    app.get('/me', { preHandler: auth.required }, async (request) => ({
      id: request.principal!.userId,
      role: request.principal!.role
    }));
    app.get('/trace', async (request) => ({ traceparent: request.traceparent }));
    // A scope whose service reads each number's text on the platform's one parse (as the payment service does).
    await app.register(async (scope) => {
      useJsonBodyParser(scope, (body) => parseJsonBody(body, { number: (source, path) => `${path}=${source}` }));
      scope.post('/as-written', async (request) => ({ body: request.body }));
    });
    app.get('/admin-only', { preHandler: auth.required }, async (request) => {
      requireRole(request, 'admin');
      return { ok: true };
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await principals.stop();
    await db.destroy();
  });

  test('a valid body passes and is typed; the answer carries a generated x-request-id', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'a', capacity: 3 } });
    assert.equal(res.statusCode, 201);
    assert.deepEqual(res.json(), { name: 'a', capacity: 3 });
    assert.match(res.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
  });

  test("the caller's x-request-id is kept; an unsafe one is replaced", async () => {
    const kept = await app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'abc-123' } });
    assert.equal(kept.headers['x-request-id'], 'abc-123');
    const replaced = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'bad id\nwith newline' }
    });
    assert.notEqual(replaced.headers['x-request-id'], 'bad id\nwith newline');
  });

  const badBodies: Array<[string, unknown, RegExp]> = [
    ['a missing field', { name: 'a' }, /\/capacity/],
    ['a wrong type', { name: 'a', capacity: 'many' }, /\/capacity/],
    ['a number sent as a string (bodies are not coerced)', { name: 'a', capacity: '3' }, /\/capacity/],
    ['a string sent as a number', { name: 42, capacity: 3 }, /\/name/],
    ['a value out of range', { name: 'a', capacity: 0 }, /\/capacity/],
    ['a huge string', { name: 'x'.repeat(10_000), capacity: 1 }, /\/name/],
    ['an unknown field (mass assignment)', { name: 'a', capacity: 1, role: 'admin' }, /\/role/],
    ['an array instead of an object', [1, 2], /\//],
    ['null', null, /\//]
  ];
  for (const [what, payload, path] of badBodies) {
    test(`${what} gets 400 problem+json naming the field`, async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/things',
        payload: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' }
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      const body = res.json();
      assert.equal(body.status, 400);
      assert.equal(body.title, 'Validation failed');
      assert.ok(body.errors.length >= 1);
      assert.match(body.errors.map((e: { path: string }) => e.path).join(' '), path);
    });
  }

  test('malformed JSON, a wrong content type and an oversized body get 4xx problem+json', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/things',
      payload: '{"name": "a",',
      headers: { 'content-type': 'application/json' }
    });
    assert.equal(malformed.statusCode, 400);
    assert.equal(malformed.json().code, 'BAD_REQUEST');
    const text = await app.inject({
      method: 'POST',
      url: '/things',
      payload: 'name=a',
      headers: { 'content-type': 'text/plain' }
    });
    assert.equal(text.statusCode, 415);
    assert.match(text.headers['content-type'] as string, /problem\+json/);
    const huge = await app.inject({
      method: 'POST',
      url: '/things',
      payload: JSON.stringify({ name: 'a', capacity: 1, pad: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' }
    });
    assert.equal(huge.statusCode, 413);
  });

  test('a bad query parameter is a 400 that says where', async () => {
    const res = await app.inject({ method: 'POST', url: '/things?limit=9999', payload: { name: 'a', capacity: 1 } });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(
      res.json().errors.map((e: { path: string; in: string }) => [e.path, e.in]),
      [['/limit', 'query']]
    );
  });

  test('an AppError becomes its status from the code table', async () => {
    const res = await app.inject({ method: 'POST', url: '/things', payload: { name: 'taken', capacity: 1 } });
    assert.equal(res.statusCode, 409);
    assert.deepEqual(
      { ...(res.json() as object), request_id: undefined },
      {
        type: 'urn:style-flow:problem:conflict',
        title: 'Conflict',
        status: 409,
        detail: 'A thing with this name exists.',
        code: 'CONFLICT',
        instance: '/things',
        request_id: undefined
      }
    );
  });

  test('an unexpected error is a bare 500: its details stay in the log', async () => {
    const res = await app.inject({ method: 'GET', url: '/boom' });
    assert.equal(res.statusCode, 500);
    assert.doesNotMatch(res.body, /secret internal detail|postgres:\/\//);
    assert.equal(res.json().code, 'INTERNAL');
    assert.ok(
      log.lines().some((l) => l.msg === 'request failed' && JSON.stringify(l).includes('secret internal detail'))
    );
  });

  test('an unknown route is a 404 problem', async () => {
    const res = await app.inject({ method: 'GET', url: '/nowhere?x=1' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().instance, '/nowhere');
  });

  test('/health, /ready (503 when a dependency is down), /metrics and /openapi.json', async () => {
    assert.deepEqual((await app.inject({ url: '/health' })).json(), { status: 'ok', service: 'demo' });
    assert.equal((await app.inject({ url: '/ready' })).statusCode, 200);
    ready = false;
    const down = await app.inject({ url: '/ready' });
    ready = true;
    assert.equal(down.statusCode, 503);
    assert.deepEqual(down.json().checks, { database: false, kafka: true });
    assert.equal((await app.inject({ url: '/metrics' })).statusCode, 401, '/metrics needs a staff token');
    const user = await signAccessToken(SECRET, { userId: 8, role: 'user', sessionId: 'm1' }, 60);
    const staff = await signAccessToken(SECRET, { userId: 9, role: 'manager', sessionId: 'm2' }, 60);
    const asUser = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${user}` } });
    assert.equal(asUser.statusCode, 403);
    const metrics = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${staff}` } });
    assert.match(metrics.headers['content-type'] as string, /^text\/plain/);
    assert.match(metrics.body, /http_request_duration_seconds_count\{[^}]*route="\/things"/);
    const spec = (await app.inject({ url: '/openapi.json' })).json();
    assert.equal(spec.openapi, '3.1.0');
    assert.equal(spec.info.version, '1.2.3');
    assert.ok(spec.paths['/things'].post.requestBody);
    assert.equal(spec.paths['/health'], undefined, 'platform routes are not part of the API document');
  });

  test('one structured log line per request, with method, route, status, duration and request id; secrets redacted', async () => {
    await app.inject({
      method: 'POST',
      url: '/things',
      payload: { name: 'logme', capacity: 1, password: 'hunter2-secret' },
      headers: { 'x-request-id': 'log-check', authorization: 'Bearer abc.def.ghi' }
    });
    const lines = log.lines().filter((l) => l.request_id === 'log-check');
    assert.equal(lines.length, 1);
    assert.deepEqual([lines[0]!.method, lines[0]!.route, lines[0]!.status], ['POST', '/things', 201]);
    assert.equal(typeof lines[0]!.duration_ms, 'number');
    log.logger.info(
      {
        password: 'hunter2-secret',
        body: { refresh_token: 'r-secret' },
        req: { headers: { authorization: 'Bearer t' } }
      },
      'sensitive'
    );
    const all = JSON.stringify(log.lines());
    assert.doesNotMatch(all, /hunter2-secret|r-secret|Bearer t/);
  });

  describe('access tokens', () => {
    const get = (token?: string, url = '/me') =>
      app.inject({ method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

    test('a valid token identifies the caller', async () => {
      const token = await signAccessToken(SECRET, { userId: 7, role: 'user', sessionId: 's1' }, 60);
      assert.deepEqual((await get(token)).json(), { id: 7, role: 'user' });
    });

    test('no token, a malformed header, expired, tampered, alg none, another key, a revoked session: all 401', async () => {
      const good = await signAccessToken(SECRET, { userId: 7, role: 'user', sessionId: 's1' }, 60);
      const [h, p, s] = good.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url')}.${s}`;
      const expired = await signAccessToken(
        SECRET,
        { userId: 7, role: 'user', sessionId: 's1' },
        60,
        Date.now() - 3600_000
      );
      const none = new UnsecuredJWT({ role: 'admin', sid: 's1' })
        .setSubject('7')
        .setJti('j')
        .setIssuedAt()
        .setExpirationTime('1h')
        .encode();
      const otherKey = await signAccessToken(
        'another-secret-of-sufficient-length!!',
        { userId: 7, role: 'admin', sessionId: 's1' },
        60
      );
      const hs512 = await new SignJWT({ role: 'admin', sid: 's1' })
        .setProtectedHeader({ alg: 'HS512' })
        .setSubject('7')
        .setJti('j')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(SECRET));
      const revoked = await signAccessToken(SECRET, { userId: 7, role: 'user', sessionId: 'ended' }, 60);
      await saveRevokedSession(db, 'ended', 7, new Date(Date.now() + 60_000).toISOString());
      await eventually(async () => (await get(revoked)).statusCode === 401, 2000, 'the ended session to be heard');
      for (const [what, res] of [
        ['none', await get()],
        ['malformed', await app.inject({ url: '/me', headers: { authorization: 'Basic dXNlcjpwYXNz' } })],
        ['expired', await get(expired)],
        ['tampered', await get(tampered)],
        ['alg none', await get(none)],
        ['another key', await get(otherKey)],
        ['HS512', await get(hs512)],
        ['revoked', await get(revoked)]
      ] as const) {
        assert.equal(res.statusCode, 401, what);
        assert.match(res.headers['content-type'] as string, /problem\+json/, what);
        assert.match(res.headers['www-authenticate'] as string, /^Bearer/, what);
      }
      assert.match((await get(expired)).json().detail, /expired/);
    });

    test('a token accepted before is refused as soon as its session has ended', async () => {
      const token = await signAccessToken(SECRET, { userId: 31, role: 'user', sessionId: 's5' }, 60);
      for (let i = 0; i < 3; i++) assert.equal((await get(token)).statusCode, 200);
      await saveRevokedSession(db, 's5', 31, new Date(Date.now() + 60_000).toISOString());
      // SPEC §2: within seconds; the table hears the commit in milliseconds.
      await eventually(async () => (await get(token)).statusCode === 401, 2000, 'the ended session to be heard');
      assert.match((await get(token)).json().detail, /session of this access token has ended/);
    });

    test('a token accepted before is refused once it expires', async () => {
      // Two seconds, not one: `exp` counts whole seconds from the second the token is signed in, so a
      // one-second token signed late in a second lives for a few milliseconds (CI saw it refused at once).
      const token = await signAccessToken(SECRET, { userId: 32, role: 'user', sessionId: 's6' }, 2);
      assert.equal((await get(token)).statusCode, 200);
      const exp = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp as number;
      await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
      const res = await get(token);
      assert.equal(res.statusCode, 401);
      assert.match(res.json().detail, /expired/);
    });

    test('a role check answers 403 to the wrong role', async () => {
      const user = await signAccessToken(SECRET, { userId: 7, role: 'user', sessionId: 's2' }, 60);
      const admin = await signAccessToken(SECRET, { userId: 1, role: 'admin', sessionId: 's3' }, 60);
      assert.equal((await get(user, '/admin-only')).statusCode, 403);
      assert.equal((await get(admin, '/admin-only')).statusCode, 200);
    });

    test('the current role counts, not the token’s: a demoted admin is refused, a deactivated user is 401', async () => {
      const token = await signAccessToken(SECRET, { userId: 21, role: 'admin', sessionId: 's4' }, 60);
      assert.equal((await get(token, '/admin-only')).statusCode, 200);
      await saveUserState(db, 21, 'user', 'active');
      await eventually(async () => (await get(token, '/admin-only')).statusCode === 403, 2000, 'the demotion');
      assert.deepEqual((await get(token)).json(), { id: 21, role: 'user' });
      await saveUserState(db, 21, 'user', 'deactivated');
      await eventually(async () => (await get(token)).statusCode === 401, 2000, 'the deactivation');
      assert.match((await get(token)).json().detail, /deactivated/);
    });
  });

  test('trace context: a new trace per request without one, the caller’s trace id kept with a span of this hop', async () => {
    const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-01$/;
    const seen = new Set<string>();
    // More requests than one batch of random bytes serves, so that a refill is crossed.
    for (let i = 0; i < 600; i++) {
      const { traceparent } = (await app.inject({ url: '/trace' })).json() as { traceparent: string };
      const [, traceId, spanId] = TRACEPARENT.exec(traceparent)!;
      assert.ok(!seen.has(traceId!) && !seen.has(spanId!), `ids repeat at request ${i}`);
      seen.add(traceId!).add(spanId!);
    }
    const incoming = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
    const { traceparent } = (await app.inject({ url: '/trace', headers: { traceparent: incoming } })).json() as {
      traceparent: string;
    };
    assert.match(traceparent, /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00$/);
    assert.notEqual(traceparent, incoming);
  });

  describe('input the database cannot hold, and the framework’s own errors', () => {
    const post = (payload: string, url = '/things') =>
      app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

    test('NUL in a body string or a field name, non-finite numbers and deep nesting are 400 problem+json', async () => {
      for (const payload of [
        '{"name": "a\\u0000b", "capacity": 1}',
        '{"name": "a", "capacity": 1, "x\\u0000": 1}',
        '{"name": "a", "capacity": 1e400}',
        `{"name": "a", "capacity": 1, "deep": ${'['.repeat(5000)}${']'.repeat(5000)}}`,
        `${'{"a":'.repeat(17)}1${'}'.repeat(17)}`,
        '{"__proto__": {"admin": true}, "name": "a", "capacity": 1}'
      ]) {
        const res = await post(payload);
        assert.equal(res.statusCode, 400, payload.slice(0, 60));
        assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      }
    });

    test('a body that starts with a byte-order mark or is not UTF-8 is a 400 problem+json saying so', async () => {
      const json = Buffer.from('{"name": "a", "capacity": 1}');
      const cases: Array<[string, Buffer, RegExp]> = [
        ['a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]), /byte-order mark/],
        ['a byte-order mark alone', Buffer.from([0xef, 0xbb, 0xbf]), /byte-order mark/],
        ['Latin-1', Buffer.from('{"name": "caf\xe9", "capacity": 1}', 'latin1'), /not UTF-8/],
        ['an overlong encoding of "/"', Buffer.from([0x22, 0xc0, 0xaf, 0x22]), /not UTF-8/],
        ['an encoded surrogate', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]), /not UTF-8/],
        ['a truncated sequence', Buffer.from([0x22, 0xd0, 0x22]), /not UTF-8/]
      ];
      for (const url of ['/things', '/as-written']) {
        for (const [what, payload, detail] of cases) {
          const res = await app.inject({
            method: 'POST',
            url,
            payload,
            headers: { 'content-type': 'application/json' }
          });
          assert.equal(res.statusCode, 400, `${url}, ${what}`);
          assert.match(res.headers['content-type'] as string, /^application\/problem\+json/, what);
          assert.equal(res.json().code, 'BAD_REQUEST', what);
          assert.match(res.json().detail, detail, what);
        }
      }
      // The same text without the mark, and a mark inside a string, are plain JSON.
      const clean = await app.inject({
        method: 'POST',
        url: '/things',
        payload: json,
        headers: { 'content-type': 'application/json' }
      });
      assert.equal(clean.statusCode, 201);
      const inside = await app.inject({
        method: 'POST',
        url: '/things',
        payload: Buffer.from('{"name": "\ufeffa", "capacity": 1}'),
        headers: { 'content-type': 'application/json' }
      });
      assert.equal(inside.statusCode, 201);
    });

    test("a service reads each number's text on the platform's one parse, after the platform's checks", async () => {
      const post = (payload: string) =>
        app.inject({ method: 'POST', url: '/as-written', payload, headers: { 'content-type': 'application/json' } });
      const res = await post('{"a": 10.000, "b": [1e3, -0.5], "c": {"d": 4111, "e": "7"}, "a/b": 1E-2, "n": null}');
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().body, {
        a: '/a=10.000',
        b: ['/b/0=1e3', '/b/1=-0.5'],
        c: { d: '/c/d=4111', e: '7' },
        'a/b': '/a~1b=1E-2',
        n: null
      });
      assert.deepEqual((await post(' \n 7.50 ')).json().body, '/=7.50');
      // A duplicated key keeps its last value, and that value's text.
      assert.deepEqual((await post('{"a": 1, "a": 2.50}')).json().body, { a: '/a=2.50' });
      const infinite = await post('{"a": 1e400}');
      assert.equal(infinite.statusCode, 400);
      assert.deepEqual(
        infinite.json().errors.map((e: { path: string }) => e.path),
        ['/a']
      );
    });

    test('whatever the bytes, the parser throws nothing but a 4xx AppError', () => {
      // A small deterministic generator: mutations of JSON documents, byte by byte, with and without a service hook.
      let seed = 0x5eed;
      const random = (n: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const samples = [
        '{"amount": 10.50, "currency": "EUR", "payment_method_id": 1}',
        '[1, -0.0, 1e400, 4111111111111111, "\\u0000", {"__proto__": {"x": 1}}]',
        '{"constructor": {"prototype": {"admin": true}}, "a": [[[[{"b": "\\ud800"}]]]]}',
        `${'['.repeat(17)}${']'.repeat(17)}`,
        '"\ufeffы" ',
        '12345678901234567890e-5'
      ];
      const noise = ['\ufeff', '\u0000', '"', '\\', '{', '}', '[', ']', ',', ':', 'e', '-', '.', '1e999', '__proto__'];
      const hooks = [{}, { number: (source: string) => source }];
      for (let round = 0; round < 3000; round++) {
        let bytes = Buffer.from(samples[random(samples.length)]!);
        for (let edits = random(4); edits > 0; edits--) {
          const at = random(bytes.length + 1);
          const insert = random(3) === 0 ? Buffer.from([random(256)]) : Buffer.from(noise[random(noise.length)]!);
          const cut = random(3) === 0 ? random(4) : 0;
          bytes = Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at + cut)]);
        }
        for (const body of [bytes, bytes.toString('utf8')]) {
          try {
            parseJsonBody(body, hooks[round % 2]);
          } catch (error) {
            assert.ok(error instanceof AppError, `${bytes.toString('hex')}: ${String(error)}`);
            assert.ok(error.status >= 400 && error.status < 500, bytes.toString('hex'));
          }
        }
      }
    });

    test('NUL in the query or path is a 400; bad URL encoding is a 400 problem+json', async () => {
      for (const url of ['/things?limit=1%00', '/nowhere/%00', '/nowhere/%ff', '/nowhere/%E0%A4%A']) {
        const res = await app.inject({ method: 'GET', url });
        assert.ok(res.statusCode === 400 || res.statusCode === 404, `${url}: ${res.statusCode}`);
        assert.match(res.headers['content-type'] as string, /^application\/problem\+json/, url);
      }
    });
  });
});
