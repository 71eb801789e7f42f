import type { Redis } from 'ioredis';

export interface CachedResponse {
  status: number;
  contentType: string;
  etag: string;
  body: string;
  cacheControl: string;
}

/** What the cache holds for a key, and the version of its group that an answer fetched now is kept under. */
export interface Lookup {
  entry: CachedResponse | null;
  version: number;
}

/**
 * Public GETs the gateway answers without asking the service, grouped (events, categories, resource types) so that
 * an event that changes a group drops all of its entries at once.
 *
 * Dropping a group moves its version on, in one step, and an entry is served only under the version it was fetched
 * at: an answer fetched before a change and stored after it (a request in flight while the change was announced)
 * is never served, and no interleaving of storing and dropping can leave an entry that a later drop misses. (A
 * list of the group's keys, read and then deleted, could: a key stored between the two outlived every later drop,
 * and the page stayed stale for the cache's lifetime.)
 */
export interface ResponseCache {
  lookup(group: string, key: string): Promise<Lookup>;
  /** Keeps an answer fetched at `version` of its group (from the lookup made before asking the service). */
  set(group: string, key: string, version: number, value: CachedResponse, ttlSeconds: number): Promise<void>;
  invalidate(group: string): Promise<void>;
  close(): Promise<void>;
}

type Stored = { value: CachedResponse; version: number };

export function createMemoryCache(maxEntries = 5000): ResponseCache {
  const entries = new Map<string, Stored & { expires: number; group: string }>();
  const versions = new Map<string, number>();
  const versionOf = (group: string) => versions.get(group) ?? 0;
  return {
    async lookup(group, key) {
      const version = versionOf(group);
      const e = entries.get(key);
      if (!e || e.expires <= Date.now() || e.version !== version) return { entry: null, version };
      return { entry: e.value, version };
    },
    async set(group, key, version, value, ttlSeconds) {
      if (version !== versionOf(group)) return;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, version, expires: Date.now() + ttlSeconds * 1000, group });
    },
    async invalidate(group) {
      versions.set(group, versionOf(group) + 1);
      for (const [k, e] of entries) if (e.group === group) entries.delete(k);
    },
    async close() {
      entries.clear();
    }
  };
}

/**
 * Shared by every gateway instance: a counter per group (its version) and an entry per key that names the version it
 * was fetched at. A lookup reads both in one round trip; a drop is one INCR. Entries of older versions are never
 * served and expire with their TTL.
 */
export function createRedisCache(redis: Redis, prefix: string): ResponseCache {
  const versionKey = (group: string) => `${prefix}version:${group}`;
  const entryKey = (key: string) => `${prefix}entry:${key}`;
  return {
    async lookup(group, key) {
      const [rawVersion, raw] = await redis.mget(versionKey(group), entryKey(key));
      const version = Number(rawVersion ?? 0);
      const stored = raw ? (JSON.parse(raw) as Stored) : null;
      return { entry: stored?.version === version ? stored.value : null, version };
    },
    async set(_group, key, version, value, ttlSeconds) {
      const stored: Stored = { value, version };
      await redis.set(entryKey(key), JSON.stringify(stored), 'EX', ttlSeconds);
    },
    async invalidate(group) {
      await redis.incr(versionKey(group));
    },
    async close() {}
  };
}
