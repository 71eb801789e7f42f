// The gateway's cache of public pages (SPEC §3.7), in memory and in Redis: a dropped group is never served again,
// however storing and dropping interleave.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { redisUrlFromEnv, skipUnless, uniqueName } from '@style-flow/platform/testing';
import { createMemoryCache, createRedisCache, type ResponseCache } from '../src/cache/response-cache.ts';

const page = (n: number) => ({
  status: 200,
  contentType: 'application/json',
  etag: `"v${n}"`,
  body: JSON.stringify({ n }),
  cacheControl: 'public, max-age=60'
});

const redisUrl = redisUrlFromEnv();
const redis = redisUrl ? new Redis(redisUrl, { lazyConnect: true }) : null;
after(() => redis?.quit());

const kinds: Array<{ name: string; skip: string | false; open: () => ResponseCache }> = [
  { name: 'in memory', skip: false, open: () => createMemoryCache() },
  {
    name: 'in Redis',
    skip: skipUnless(redis !== null, 'Redis'),
    open: () => createRedisCache(redis!, `${uniqueName('cache-test')}:`)
  }
];

for (const kind of kinds) {
  describe(`response cache ${kind.name}`, { skip: kind.skip }, () => {
    test('an answer fetched before a drop is not kept after it; one fetched after is', async () => {
      const cache = kind.open();
      const before = await cache.lookup('events', '/events/1');
      assert.equal(before.entry, null);
      await cache.invalidate('events');
      await cache.set('events', '/events/1', before.version, page(1), 60);
      const after = await cache.lookup('events', '/events/1');
      assert.equal(after.entry, null, 'fetched before the drop: never served');
      await cache.set('events', '/events/1', after.version, page(2), 60);
      assert.deepEqual((await cache.lookup('events', '/events/1')).entry, page(2));
      // Another group is not dropped with it.
      const other = await cache.lookup('categories', '/categories');
      await cache.set('categories', '/categories', other.version, page(3), 60);
      await cache.invalidate('events');
      assert.deepEqual((await cache.lookup('categories', '/categories')).entry, page(3));
      assert.equal((await cache.lookup('events', '/events/1')).entry, null);
    });

    test('storing and dropping at the same time: after the last drop, nothing of the group is served', async () => {
      const cache = kind.open();
      const keys = Array.from({ length: 50 }, (_, i) => `/events/${i}`);
      for (let round = 0; round < 10; round++) {
        await Promise.all([
          ...keys.map(async (key, i) => {
            const { version } = await cache.lookup('events', key);
            await cache.set('events', key, version, page(i), 60);
          }),
          cache.invalidate('events'),
          cache.invalidate('events')
        ]);
        await cache.invalidate('events');
        const left = await Promise.all(keys.map((key) => cache.lookup('events', key)));
        assert.deepEqual(
          left.filter((l) => l.entry !== null).length,
          0,
          `round ${round}: an entry outlived the drop after it`
        );
      }
    });
  });
}
