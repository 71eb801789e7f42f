// The gateway's rate-limit counts: decided in memory, shared through Redis at each sync. Two counters on one
// prefix stand for two gateway instances; their syncs are run by the test, so every step is deterministic.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Redis, type RedisOptions } from 'ioredis';
import { quietLogger, redisUrlFromEnv, uniqueName } from '@style-flow/platform/testing';
import { createRateCounts, type RateCounts } from '../src/cache/rate-counts.ts';

const minute = 60_000;
const url = redisUrlFromEnv();
const clients: Redis[] = [];
after(() => Promise.all(clients.map((c) => c.quit().catch(() => undefined))));
// Windows are aligned to the clock: the file (a second or so) starts early enough in a minute that no count it
// makes is reset half-way.
before(async () => {
  const left = minute - (Date.now() % minute);
  if (left < 20_000) await new Promise((resolve) => setTimeout(resolve, left + 10));
});

function redis(options: RedisOptions = {}) {
  const client = new Redis(url!, { maxRetriesPerRequest: 1, ...options });
  clients.push(client);
  return client;
}

/** Two instances of the gateway sharing one Redis prefix (syncMs large: the test syncs by hand). */
function instances(n: number, prefix = `${uniqueName('rates')}:`): RateCounts[] {
  return Array.from({ length: n }, () =>
    createRateCounts({ redis: redis(), prefix, syncMs: 3_600_000, logger: quietLogger() })
  );
}

describe('rate-limit counts without Redis', () => {
  test('one instance counts alone, per key and per window, the window aligned to the clock', () => {
    const counts = createRateCounts({ redis: null, prefix: '', syncMs: 100, logger: quietLogger() });
    for (let i = 1; i <= 3; i++) assert.equal(counts.hit('user:1', minute).current, i);
    assert.equal(counts.hit('user:2', minute).current, 1);
    assert.equal(counts.read('user:1', minute).current, 3);
    const before = Date.now();
    const { ttl } = counts.read('user:1', minute);
    const after = Date.now();
    const end = Math.floor(before / minute) * minute + minute;
    assert.ok(ttl <= end - before && ttl >= end - after, `ttl ${ttl} runs to the end of the minute`);
  });
});

describe('rate-limit counts shared through Redis', { skip: url ? false : 'REDIS_URL not set' }, () => {
  test('each instance decides on everyone’s count as of its last sync plus its own since', async () => {
    const [a, b] = instances(2) as [RateCounts, RateCounts];
    for (let i = 0; i < 3; i++) a.hit('user:7', minute);
    assert.equal(b.hit('user:7', minute).current, 1, 'b has not heard of a yet: its own count alone');
    await a.sync();
    await b.sync();
    assert.equal(b.read('user:7', minute).current, 4, 'after both synced, b sees all four');
    await a.sync();
    assert.equal(a.hit('user:7', minute).current, 5);
  });

  test('what is on its way to Redis still counts here until Redis’s total includes it', async () => {
    const [a] = instances(1) as [RateCounts];
    a.hit('user:flight', minute);
    const syncing = a.sync();
    assert.equal(a.hit('user:flight', minute).current, 2, 'the first hit, sent and not yet acknowledged, counts');
    await syncing;
    assert.equal(a.read('user:flight', minute).current, 2);
    await a.sync();
    assert.equal(a.read('user:flight', minute).current, 2, 'nothing counted twice once both are in Redis');
  });

  test('the worst overshoot: requests within one sync interval on N instances are seen by none of the others', async () => {
    const limit = 10;
    const n = 3;
    const gateways = instances(n);
    // A burst that reaches every instance before any sync: each admits up to the limit by its own view.
    let admitted = 0;
    for (let i = 0; i < 2 * limit; i++)
      for (const g of gateways) if (g.hit('user:burst', minute).current <= limit) admitted++;
    assert.equal(admitted, n * limit, 'never more than N × the limit in a window');
    // Steady traffic, a sync between requests: exactly the limit.
    const steady = instances(n);
    let steadyAdmitted = 0;
    for (let i = 0; i < 2 * limit; i++) {
      const g = steady[i % n]!;
      if (g.hit('user:steady', minute).current <= limit) steadyAdmitted++;
      await g.sync();
      for (const other of steady) await other.sync();
    }
    assert.equal(steadyAdmitted, limit);
  });

  test('while Redis does not answer, an instance goes on counting by itself', async () => {
    const prefix = `${uniqueName('rates')}:`;
    const away = createRateCounts({
      // Nothing listens on port 9: every command fails at once.
      redis: redis({
        port: 9,
        host: '127.0.0.1',
        enableOfflineQueue: false,
        lazyConnect: true,
        retryStrategy: () => null
      }),
      prefix,
      syncMs: 3_600_000,
      logger: quietLogger()
    });
    for (let i = 0; i < 4; i++) away.hit('user:9', minute);
    await away.sync();
    assert.equal(away.hit('user:9', minute).current, 5, 'nothing lost, nothing doubled while Redis is away');
    // Nothing of it reached Redis, so another instance still counts from nothing; the counts stay pending here,
    // to be added at the first sync that gets an answer.
    const [other] = instances(1, prefix) as [RateCounts];
    other.hit('user:9', minute);
    await other.sync();
    assert.equal(other.read('user:9', minute).current, 1);
  });

  test('a new window starts from nothing; Redis keeps a window’s count only a little past its end', async () => {
    const windowMs = 300;
    const prefix = `${uniqueName('rates')}:`;
    const [a] = instances(1, prefix) as [RateCounts];
    // Start right after a window boundary, so the hits fall in one window.
    await new Promise((resolve) => setTimeout(resolve, windowMs - (Date.now() % windowMs) + 5));
    const window = Math.floor(Date.now() / windowMs) * windowMs;
    a.hit('user:w', windowMs);
    a.hit('user:w', windowMs);
    await a.sync();
    const key = `${prefix}user:w:${window}`;
    const direct = redis();
    assert.equal(await direct.get(key), '2');
    const expiresAt = Number(await direct.pexpiretime(key));
    assert.equal(expiresAt, window + windowMs + 1000);
    await new Promise((resolve) => setTimeout(resolve, window + windowMs - Date.now() + 5));
    assert.equal(a.hit('user:w', windowMs).current, 1);
  });

  test('stop pushes what was counted only here', async () => {
    const prefix = `${uniqueName('rates')}:`;
    const [a, b] = instances(2, prefix) as [RateCounts, RateCounts];
    a.hit('user:s', minute);
    a.hit('user:s', minute);
    await a.stop();
    b.hit('user:s', minute);
    await b.sync();
    assert.equal(b.read('user:s', minute).current, 3);
  });
});
