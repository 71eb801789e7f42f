import { defineConfig, key, type ConfigKey, type ConfigValues } from '@style-flow/platform';

const httpUrl = (u: string) =>
  URL.canParse(u) && /^https?:$/.test(new URL(u).protocol) ? null : 'is not an http(s) URL';
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

/** `USER_SERVICE_URLS`: the instances of one upstream; unset: the one on 127.0.0.1 at its configured port. */
export function upstreamUrlsKey(service: string): ConfigKey<string[]> {
  return key.list(
    `${service.toUpperCase()}_SERVICE_URLS`,
    '',
    `gateway upstreams of the ${service} service, comma-separated (default: http://127.0.0.1:$${service.toUpperCase()}_SERVICE_PORT)`,
    httpUrl
  );
}

/** The gateway's keys, with one upstream list per service of the registry. */
export function gatewayConfig(upstreams: readonly string[]) {
  return defineConfig({
    ...gatewayKeys,
    ...(Object.fromEntries(upstreams.map((s) => [`upstream:${s}`, upstreamUrlsKey(s)])) as Record<
      `upstream:${string}`,
      ConfigKey<string[]>
    >)
  });
}

export type GatewaySettings = ConfigValues<typeof gatewayKeys> & Readonly<Record<`upstream:${string}`, string[]>>;
