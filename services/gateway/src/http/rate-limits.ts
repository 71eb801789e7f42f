import rateLimit from '@fastify/rate-limit';
import { AppError, type HttpServer } from '@style-flow/platform';
import type { Redis } from 'ioredis';
import type { GatewaySettings } from '../gateway-config.ts';
import { isCredentialRoute } from '../proxy/route-table.ts';

/**
 * Per user (or per client address without a token), and a stricter budget per address for login,
 * register and reset-password. Counted in Redis when configured, so every gateway instance shares them.
 * Answers 429 problem+json with RateLimit-* and Retry-After.
 */
export async function registerRateLimits(
  app: HttpServer,
  settings: Pick<GatewaySettings, 'rateLimitPerMinute' | 'authRateLimitPerMinute' | 'redisPrefix'>,
  redis: Redis | null
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    timeWindow: 60_000,
    enableDraftSpec: true,
    nameSpace: `${settings.redisPrefix}rate:`,
    ...(redis ? { redis } : {}),
    allowList: (request) => request.upstreamRoute === null,
    keyGenerator: (request) => {
      if (request.upstreamRoute && isCredentialRoute(request.upstreamRoute)) return `credentials:${request.ip}`;
      return request.principal ? `user:${request.principal.userId}` : `address:${request.ip}`;
    },
    max: (_request, key) =>
      key.startsWith('credentials:') ? settings.authRateLimitPerMinute : settings.rateLimitPerMinute,
    errorResponseBuilder: (_request, context) =>
      new AppError(
        'RATE_LIMITED',
        `Rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s.`
      )
  });
}
