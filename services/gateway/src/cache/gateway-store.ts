import { Redis } from 'ioredis';
import type { GatewayContext } from '../gateway-context.ts';
import { createRateCounts, type RateCounts } from './rate-counts.ts';
import { createMemoryCache, createRedisCache, type ResponseCache } from './response-cache.ts';

/** What gateway instances share through Redis when it is configured (rate limits, cached answers). */
export interface GatewayStore {
  redis: Redis | null;
  cache: ResponseCache;
  rates: RateCounts;
  close(): Promise<void>;
}

export function openGatewayStore(ctx: GatewayContext): GatewayStore {
  const { redisUrl, redisPrefix, rateLimitSyncMs } = ctx.settings;
  // Auto-pipelining: the commands of the requests in flight together (a rate-limit count each) go to Redis in one
  // write and come back in one read, rather than one round trip of system calls per request.
  const redis = redisUrl
    ? new Redis(redisUrl, {
        lazyConnect: false,
        maxRetriesPerRequest: 2,
        enableOfflineQueue: true,
        enableAutoPipelining: true
      })
    : null;
  redis?.on('error', (error) => ctx.logger.warn({ err: error }, 'redis error'));
  const cache = redis ? createRedisCache(redis, `${redisPrefix}cache:`) : createMemoryCache();
  const rates = createRateCounts({ redis, prefix: `${redisPrefix}rate:`, syncMs: rateLimitSyncMs, logger: ctx.logger });
  rates.start();
  return {
    redis,
    cache,
    rates,
    async close() {
      await rates.stop();
      await cache.close();
      await redis?.quit().catch(() => undefined);
    }
  };
}
