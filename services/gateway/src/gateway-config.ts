import { defineConfig, key, type ConfigValues } from '@style-flow/platform';

const redisUrl = (u: string) =>
  URL.canParse(u) && /^rediss?:$/.test(new URL(u).protocol) ? null : 'is not a redis:// URL';

const gatewayKeys = {
  upstreamTimeoutMs: key.int(
    'GATEWAY_UPSTREAM_TIMEOUT_MS',
    10000,
    100,
    600000,
    'how long the gateway waits for an upstream answer'
  ),
  healthIntervalMs: key.int(
    'GATEWAY_HEALTH_INTERVAL_MS',
    5000,
    100,
    600000,
    "how often the gateway checks each upstream instance's /health"
  ),
  rateLimitPerMinute: key.int(
    'RATE_LIMIT_PER_MINUTE',
    600,
    1,
    10_000_000,
    'requests per minute per user (or per client address without a token)'
  ),
  authRateLimitPerMinute: key.int(
    'AUTH_RATE_LIMIT_PER_MINUTE',
    20,
    1,
    10_000_000,
    'login, register and reset-password requests per minute per client address'
  ),
  rateLimitSyncMs: key.int(
    'RATE_LIMIT_SYNC_MS',
    100,
    10,
    60_000,
    "how often each gateway instance adds its rate-limit counts to Redis and takes the others' back (requests are counted in memory)"
  ),
  cacheTtlSeconds: key.int(
    'CACHE_TTL_SECONDS',
    60,
    0,
    86400,
    'longest the gateway keeps a public GET when the service sets no max-age'
  ),
  redisUrl: key.optional('REDIS_URL', 'Redis for gateway rate limits and cache; unset: in memory', redisUrl),
  redisPrefix: key.string(
    'REDIS_PREFIX',
    'style-flow:',
    'put before every Redis key, so several stacks can share one Redis'
  )
};

export const gatewayConfig = defineConfig(gatewayKeys);

export type GatewaySettings = ConfigValues<typeof gatewayKeys>;
