import rateLimit from '@fastify/rate-limit';
import { AppError, CLIENT_ADDRESS_HEADER, type ClientAddressSeal, type HttpServer } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import type { RateCounts } from '../cache/rate-counts.ts';
import type { GatewaySettings } from '../gateway-config.ts';
import { isCredentialRoute } from '../proxy/route-table.ts';

type Answer = (error: Error | null, state: { current: number; ttl: number }) => void;

/** @fastify/rate-limit's store over the gateway's counts: it constructs the class itself, so the counts are bound. */
function storeOver(counts: RateCounts) {
  return class {
    incr(key: string, answer: Answer, timeWindow: number) {
      answer(null, counts.hit(key, timeWindow));
    }
    read(key: string, answer: Answer, timeWindow: number) {
      answer(null, counts.read(key, timeWindow));
    }
    child() {
      return this;
    }
  };
}

/**
 * Per user (or per client address without a token: the connection's, or the one the console vouches for), and a
 * stricter budget per address for login,
 * register and reset-password. Counted in memory and shared with the other gateway instances through Redis when
 * configured (see rate-counts.ts for what that costs in precision). Answers 429 problem+json with RateLimit-* and
 * Retry-After.
 */
export async function registerRateLimits(
  app: HttpServer,
  settings: Pick<GatewaySettings, 'rateLimitPerMinute' | 'authRateLimitPerMinute'>,
  counts: RateCounts,
  vouched: ClientAddressSeal
): Promise<void> {
  // The person's address when a service calling for them vouches for it (the console), else the connection's.
  const addressOf = (request: FastifyRequest) => vouched.open(request.headers[CLIENT_ADDRESS_HEADER]) ?? request.ip;
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    timeWindow: 60_000,
    enableDraftSpec: true,
    store: storeOver(counts),
    allowList: (request) => request.upstreamRoute === null,
    keyGenerator: (request) => {
      if (request.upstreamRoute && isCredentialRoute(request.upstreamRoute)) return `credentials:${addressOf(request)}`;
      return request.principal ? `user:${request.principal.userId}` : `address:${addressOf(request)}`;
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
