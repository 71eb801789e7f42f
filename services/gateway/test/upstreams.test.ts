// The gateway in front of upstreams the test controls (SPEC §3.7): small fakes that it can kill, make busy and
// count the hits of, for failover, retries, caching and rate limits.
import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { Topics } from '@style-flow/contracts';
import { CLIENT_ADDRESS_HEADER, clientAddressSeal, createEnvelope, signAccessToken } from '@style-flow/platform';
import { eventually, redisUrlFromEnv, uniqueName } from '@style-flow/platform/testing';
import { startFakeUpstream, type FakeUpstream } from '../../../test/support/fake-upstream.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

const get = (stack: Stack, path: string, headers: Record<string, string> = {}) =>
  stack.request('GET', 'gateway', path, { headers });
/**
 * Rate limits count in windows aligned to the clock's minutes (every gateway instance agrees on them without
 * asking): a test that counts to a limit starts early enough in a minute not to see its count reset half-way.
 */
async function freshRateWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 10));
}

const tokenFor = (stack: Stack, role: 'user' | 'manager' | 'admin' = 'user') =>
  signAccessToken(
    stack.config.jwt.secret,
    { userId: randomInt(1_000_000, 2_000_000_000), role, sessionId: randomUUID() },
    300
  );

for (const m of modes) {
  describe(`gateway with controlled upstreams, ${m.name}`, { skip: m.skip }, () => {
    const fakes: FakeUpstream[] = [];
    const fake = async (...args: Parameters<typeof startFakeUpstream>) => {
      const f = await startFakeUpstream(...args);
      fakes.push(f);
      return f;
    };
    after(async () => {
      for (const f of fakes) await f.kill().catch(() => undefined);
    });

    test('headers downstream: x-request-id, traceparent of the same trace, x-forwarded-for; no hop-by-hop headers', async (t) => {
      const users = await fake('users');
      const stack = await startStack(m.mode, ['gateway'], { USER_SERVICE_URLS: users.url });
      t.after(() => stack.stop());
      const token = await tokenFor(stack);
      await get(stack, '/users/5?x=1', {
        authorization: `Bearer ${token}`,
        'x-request-id': 'down-1',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'proxy-authorization': 'secret'
      });
      const seen = users.received.at(-1)!;
      assert.equal(seen.url, '/users/5?x=1');
      assert.equal(seen.headers['x-request-id'], 'down-1');
      assert.match(String(seen.headers.traceparent), /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
      assert.equal(seen.headers['x-forwarded-for'], '127.0.0.1');
      assert.equal(seen.headers['proxy-authorization'], undefined);
      assert.equal(seen.headers.authorization, `Bearer ${token}`);
    });

    test('one of two instances killed: requests keep succeeding; both killed: 503 problem+json within the timeout', async (t) => {
      const a = await fake('a');
      const b = await fake('b');
      const stack = await startStack(m.mode, ['gateway'], {
        USER_SERVICE_URLS: `${a.url},${b.url}`,
        GATEWAY_UPSTREAM_TIMEOUT_MS: '2000',
        GATEWAY_HEALTH_INTERVAL_MS: '200'
      });
      t.after(() => stack.stop());
      const auth = { authorization: `Bearer ${await tokenFor(stack)}` };
      for (let i = 0; i < 6; i++) assert.equal((await get(stack, '/users/1', auth)).status, 200);
      assert.ok(a.received.length > 0 && b.received.length > 0, 'round-robin over both');

      await a.kill();
      for (let i = 0; i < 20; i++) {
        const res = await get(stack, '/users/1', auth);
        assert.equal(res.status, 200, `request ${i} after one instance died`);
        assert.equal(res.headers.get('x-served-by'), 'b');
      }
      const post = await stack.request('POST', 'gateway', '/users', { headers: auth, body: { username: 'x' } });
      assert.equal(post.status, 200, 'a POST whose connection was refused may go to the other instance');

      await b.kill();
      const started = Date.now();
      const down = await get(stack, '/users/1', auth);
      assert.equal(down.status, 503);
      assert.equal(down.body.code, 'DEPENDENCY_UNAVAILABLE');
      assert.ok(down.headers.get('retry-after'));
      assert.ok(Date.now() - started < 2500, `answered in ${Date.now() - started} ms`);
    });

    test('an idempotent request is retried on another instance after a 503; a POST is not', async (t) => {
      const flaky = await fake('flaky', () => ({ status: 503, body: { error: 'busy' } }));
      const good = await fake('good');
      const stack = await startStack(m.mode, ['gateway'], { USER_SERVICE_URLS: `${flaky.url},${good.url}` });
      t.after(() => stack.stop());
      const auth = { authorization: `Bearer ${await tokenFor(stack)}` };
      for (let i = 0; i < 4; i++) assert.equal((await get(stack, '/users/1', auth)).status, 200);
      flaky.received.length = 0;
      good.received.length = 0;
      const statuses: number[] = [];
      for (let i = 0; i < 2; i++)
        statuses.push((await stack.request('POST', 'gateway', '/users', { headers: auth, body: { n: i } })).status);
      assert.equal(flaky.received.length + good.received.length, 2, 'each POST was sent exactly once');
      assert.equal(
        statuses.filter((code) => code === 503).length,
        flaky.received.length,
        'a POST that met the busy instance gets its answer, not a retry'
      );
      assert.equal(statuses.filter((code) => code === 200).length, good.received.length);
    });

    test("an event's page is dropped by the event service's event.resources_changed, not by the resource fact it follows", async (t) => {
      let resources: string[] = [];
      const events = await fake('events', (r) =>
        r.url.startsWith('/events/1') ? { body: { id: 1, resources } } : { status: 404 }
      );
      const stack = await startStack(m.mode, ['gateway'], { EVENT_SERVICE_URLS: events.url });
      t.after(() => stack.stop());
      assert.equal((await get(stack, '/events/1')).headers.get('x-cache'), 'MISS');
      assert.equal((await get(stack, '/events/1')).headers.get('x-cache'), 'HIT');

      // The resource service's fact reaches the gateway, perhaps before the event service has applied it: were the
      // page dropped now, the next request could cache the page without the resource again, for the cache's lifetime.
      const fact = createEnvelope('resource', 'resource.allocated', 7, { id: 7, event_id: 1 });
      await stack.transport.publish([
        { topic: Topics.resourceEvents, key: '7', value: JSON.stringify(fact), headers: {} }
      ]);
      const staff = { authorization: `Bearer ${await tokenFor(stack, 'admin')}` };
      await eventually(
        async () => {
          const seen = (await get(stack, '/gateway/events?limit=50', staff)).body as { data: Array<{ id: string }> };
          return seen.data.some((e) => e.id === fact.id);
        },
        30_000,
        'the gateway to see the resource fact'
      );
      assert.equal((await get(stack, '/events/1')).headers.get('x-cache'), 'HIT', 'not dropped by the resource fact');

      resources = ['Room A'];
      const changed = createEnvelope('event', 'event.resources_changed', 1, { id: 1 });
      await stack.transport.publish([
        { topic: Topics.eventEvents, key: '1', value: JSON.stringify(changed), headers: {} }
      ]);
      const fresh = await eventually(
        async () => {
          const res = await get(stack, '/events/1');
          return res.headers.get('x-cache') === 'MISS' ? res : null;
        },
        30_000,
        'the page dropped by event.resources_changed'
      );
      assert.deepEqual(fresh.body, { id: 1, resources: ['Room A'] });
    });

    test('an answer on its way while a change is announced is never served after it', async (t) => {
      let version = 1;
      let hold: Promise<void> | undefined;
      let release = () => {};
      // The service answers with the version it had when asked; a held answer arrives after the change.
      const events = await fake('events', (r) =>
        r.url.startsWith('/events/1') ? { body: { id: 1, version }, heldUntil: hold } : { status: 404 }
      );
      const stack = await startStack(m.mode, ['gateway'], { EVENT_SERVICE_URLS: events.url });
      t.after(() => stack.stop());
      const staff = { authorization: `Bearer ${await tokenFor(stack, 'admin')}` };
      hold = new Promise((resolve) => (release = resolve));
      const onItsWay = get(stack, '/events/1');
      await eventually(() => events.received.length === 1, 10_000, 'the service asked');
      hold = undefined;
      version = 2;
      const updated = createEnvelope('event', 'event.updated', 1, { id: 1 });
      await stack.transport.publish([
        { topic: Topics.eventEvents, key: '1', value: JSON.stringify(updated), headers: {} }
      ]);
      await eventually(
        async () => {
          const seen = (await get(stack, '/gateway/events?limit=50', staff)).body as { data: Array<{ id: string }> };
          return seen.data.some((e) => e.id === updated.id);
        },
        30_000,
        'the gateway to see the change'
      );
      release();
      const old = await onItsWay;
      assert.deepEqual(old.body, { id: 1, version: 1 }, 'the slow answer is the old page');
      const next = await get(stack, '/events/1');
      assert.deepEqual(next.body, { id: 1, version: 2 }, 'the old page was not kept past the change');
      assert.equal(next.headers.get('x-cache'), 'MISS');
      assert.equal((await get(stack, '/events/1')).headers.get('x-cache'), 'HIT', 'the new page is kept');
    });

    test('a public GET is cached with an ETag (304 on If-None-Match) and dropped when event.updated arrives', async (t) => {
      let version = 1;
      const events = await fake('events', (r) => {
        if (r.url.startsWith('/events'))
          return { body: { data: [{ id: 1, title: `v${version}` }], next_cursor: null } };
        // A public answer the service forbids keeping, as a token answer would.
        if (r.url.startsWith('/categories')) return { headers: { 'cache-control': 'no-store' }, body: { data: [] } };
        return { status: 404 };
      });
      const stack = await startStack(m.mode, ['gateway'], { EVENT_SERVICE_URLS: events.url });
      t.after(() => stack.stop());
      const first = await get(stack, '/events?limit=10');
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('x-cache'), 'MISS');
      const etag = first.headers.get('etag')!;
      assert.ok(etag);
      const second = await get(stack, '/events?limit=10');
      assert.equal(second.headers.get('x-cache'), 'HIT');
      assert.deepEqual(second.body, first.body);
      // fetch() adds "Cache-Control: no-cache" to conditional requests unless the caller sets one.
      const notModified = await get(stack, '/events?limit=10', {
        'if-none-match': etag,
        'cache-control': 'max-age=60'
      });
      assert.equal(notModified.status, 304);
      assert.equal(events.received.length, 1, 'the service was asked once');
      const revalidated = await get(stack, '/events?limit=10', { 'if-none-match': etag, 'cache-control': 'no-cache' });
      assert.equal(revalidated.status, 304, 'no-cache revalidates with the service, and the ETag still matches');
      assert.equal(events.received.length, 2);

      const token = await tokenFor(stack);
      await get(stack, '/events?limit=10', { authorization: `Bearer ${token}` });
      await get(stack, '/events?limit=10', { authorization: `Bearer ${token}` });
      assert.equal(events.received.length, 4, 'a request with a token is never served from the cache');

      version = 2;
      const updated = createEnvelope('event', 'event.updated', 1, { id: 1, title: 'v2' });
      await stack.transport.publish([
        { topic: Topics.eventEvents, key: '1', value: JSON.stringify(updated), headers: {} }
      ]);
      const fresh = await eventually(
        async () => {
          const res = await get(stack, '/events?limit=10');
          return res.headers.get('x-cache') === 'MISS' ? res : null;
        },
        30_000,
        'the cache entry to be dropped'
      );
      assert.deepEqual((fresh.body as { data: Array<{ title: string }> }).data[0]!.title, 'v2');
      assert.notEqual(fresh.headers.get('etag'), etag);
      assert.equal(
        (await get(stack, '/events?limit=10', { 'if-none-match': etag, 'cache-control': 'max-age=60' })).status,
        200,
        'the old ETag no longer matches'
      );

      events.received.length = 0;
      for (let i = 0; i < 2; i++) {
        const res = await get(stack, '/categories', { 'cache-control': 'max-age=60' });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store', 'passed through as the service said it');
        assert.equal(res.headers.get('x-cache'), null);
      }
      assert.equal(events.received.length, 2, 'an answer marked no-store is never served from the cache');
    });

    test('rate limits: RateLimit-* headers, then 429 problem+json with Retry-After; login has its own stricter budget', async (t) => {
      const users = await fake('users');
      const auth = await fake('auth', () => ({ body: { access_token: 'x' } }));
      const stack = await startStack(m.mode, ['gateway'], {
        USER_SERVICE_URLS: users.url,
        AUTH_SERVICE_URLS: auth.url,
        RATE_LIMIT_PER_MINUTE: '5',
        AUTH_RATE_LIMIT_PER_MINUTE: '3'
      });
      t.after(() => stack.stop());
      const headers = { authorization: `Bearer ${await tokenFor(stack)}` };
      await freshRateWindow();
      for (let i = 0; i < 5; i++) {
        const res = await get(stack, '/users/1', headers);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('ratelimit-limit'), '5');
        assert.equal(res.headers.get('ratelimit-remaining'), String(4 - i));
      }
      const limited = await get(stack, '/users/1', headers);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'RATE_LIMITED');
      assert.match(limited.headers.get('content-type')!, /problem\+json/);
      assert.ok(Number(limited.headers.get('retry-after')) > 0);
      assert.equal(
        (await get(stack, '/users/1', { authorization: `Bearer ${await tokenFor(stack)}` })).status,
        200,
        'another user has its own budget'
      );

      for (let i = 0; i < 3; i++)
        assert.equal(
          (await stack.request('POST', 'gateway', '/auth/login', { body: { email: 'a@b.co', password: 'x' } })).status,
          200
        );
      const strict = await stack.request('POST', 'gateway', '/auth/login', {
        body: { email: 'a@b.co', password: 'x' }
      });
      assert.equal(strict.status, 429);
      assert.equal(strict.headers.get('ratelimit-limit'), '3');

      // The console signs in people from many addresses through one connection: an address it vouches for (signed
      // with the platform's secret) has its own budget; a header not signed with it counts as the connection's.
      const seal = clientAddressSeal(stack.config.jwt.secret);
      const loginFrom = (vouched: string) =>
        stack.request('POST', 'gateway', '/auth/login', {
          body: { email: 'a@b.co', password: 'x' },
          headers: { [CLIENT_ADDRESS_HEADER]: vouched }
        });
      for (let i = 0; i < 3; i++) assert.equal((await loginFrom(seal.sign('203.0.113.7'))).status, 200);
      assert.equal((await loginFrom(seal.sign('203.0.113.7'))).status, 429, 'the vouched address has its budget');
      assert.equal((await loginFrom(seal.sign('203.0.113.8'))).status, 200, 'another vouched address has its own');
      const forged = `203.0.113.9 ${seal
        .sign('203.0.113.9')
        .split(' ')[1]!
        .replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`;
      assert.equal(
        (await loginFrom(forged)).status,
        429,
        'a forged one counts as the connection, whose budget is spent'
      );
      assert.equal((await loginFrom('203.0.113.10')).status, 429, 'so does an unsigned one');
    });
  });
}

describe(
  'gateway rate limits shared by two instances through Redis',
  { skip: redisUrlFromEnv() ? false : 'REDIS_URL not set' },
  () => {
    test('what one instance counted, the other refuses after its next sync; never past N × the limit', async (t) => {
      const users = await startFakeUpstream('users');
      t.after(() => users.kill());
      const limit = 6;
      const shared = {
        USER_SERVICE_URLS: users.url,
        RATE_LIMIT_PER_MINUTE: String(limit),
        RATE_LIMIT_SYNC_MS: '20',
        REDIS_URL: redisUrlFromEnv()!,
        REDIS_PREFIX: `${uniqueName('shared')}:`
      };
      const a = await startStack('embedded', ['gateway'], shared);
      t.after(() => a.stop());
      const b = await startStack('embedded', ['gateway'], shared);
      t.after(() => b.stop());
      const headers = { authorization: `Bearer ${await tokenFor(a)}` };
      await freshRateWindow();
      const statusesOfA: number[] = [];
      for (let i = 0; i <= limit; i++) statusesOfA.push((await get(a, '/users/1', headers)).status);
      assert.deepEqual(statusesOfA, [...Array(limit).fill(200), 429]);
      // b decides in memory: its first request is counted before b has heard of a's (the documented overshoot);
      // from its next sync on, b refuses too.
      let admittedByB = 0;
      for (let i = 0; i < limit; i++) {
        const status = (await get(b, '/users/1', headers)).status;
        if (status === 429) break;
        assert.equal(status, 200);
        admittedByB++;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(admittedByB >= 1 && admittedByB < limit, `b admitted ${admittedByB}, fewer than a budget of its own`);
      assert.equal((await get(b, '/users/1', headers)).status, 429);
      assert.equal((await get(a, '/users/1', headers)).status, 429);
    });
  }
);
