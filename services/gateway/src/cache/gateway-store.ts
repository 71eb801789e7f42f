import { Redis } from 'ioredis';
import type { GatewayContext } from '../gateway-context.ts';
import { createMemoryCache, createRedisCache, type ResponseCache } from './response-cache.ts';

/** What gateway instances share through Redis when it is configured (rate limits, cached answers). */
export interface GatewayStore {
  redis: Redis | null;
  cache: ResponseCache;
  close(): Promise<void>;
}

export function openGatewayStore(ctx: GatewayContext): GatewayStore {
  const { redisUrl, redisPrefix } = ctx.settings;
  const redis = redisUrl
    ? new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
    : null;
  redis?.on('error', (error) => ctx.logger.warn({ err: error }, 'redis error'));
  const cache = redis ? createRedisCache(redis, `${redisPrefix}cache:`) : createMemoryCache();
  return {
    redis,
    cache,
    async close() {
      await cache.close();
      await redis?.quit().catch(() => undefined);
    }
  };
}
