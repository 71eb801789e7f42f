import type { Redis } from 'ioredis';

export interface CachedResponse {
  status: number;
  contentType: string;
  etag: string;
  body: string;
  cacheControl: string;
}

/**
 * Public GETs the gateway answers without asking the service. Entries are grouped (events, categories,
 * resource types) so that an event that changes the group drops all of its entries at once.
 */
export interface ResponseCache {
  get(key: string): Promise<CachedResponse | null>;
  set(group: string, key: string, value: CachedResponse, ttlSeconds: number): Promise<void>;
  invalidate(group: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryCache(maxEntries = 5000): ResponseCache {
  const entries = new Map<string, { value: CachedResponse; expires: number; group: string }>();
  return {
    async get(key) {
      const e = entries.get(key);
      if (!e) return null;
      if (e.expires <= Date.now()) {
        entries.delete(key);
        return null;
      }
      return e.value;
    },
    async set(group, key, value, ttlSeconds) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, expires: Date.now() + ttlSeconds * 1000, group });
    },
    async invalidate(group) {
      for (const [k, e] of entries) if (e.group === group) entries.delete(k);
    },
    async close() {
      entries.clear();
    }
  };
}

/** Shared by every gateway instance. A group's entries are listed in a set, dropped together. */
export function createRedisCache(redis: Redis, prefix: string): ResponseCache {
  return {
    async get(key) {
      const raw = await redis.get(`${prefix}entry:${key}`);
      return raw ? (JSON.parse(raw) as CachedResponse) : null;
    },
    async set(group, key, value, ttlSeconds) {
      await redis
        .multi()
        .set(`${prefix}entry:${key}`, JSON.stringify(value), 'EX', ttlSeconds)
        .sadd(`${prefix}group:${group}`, key)
        .expire(`${prefix}group:${group}`, 86400)
        .exec();
    },
    async invalidate(group) {
      const keys = await redis.smembers(`${prefix}group:${group}`);
      const pipeline = redis.multi().del(`${prefix}group:${group}`);
      for (const k of keys) pipeline.del(`${prefix}entry:${k}`);
      await pipeline.exec();
    },
    async close() {}
  };
}
