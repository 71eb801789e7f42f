import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { Redis } from 'ioredis';
import { createMemoryCache, createRedisCache } from './cache/response-cache.ts';
import { createEventMonitor } from './consumers/monitor.ts';
import { edgeAuth } from './http/edge-auth.ts';
import { registerGatewayRoutes } from './http/gateway-routes.ts';
import { registerProxyRoute } from './http/proxy-route.ts';
import { registerRateLimits } from './http/rate-limits.ts';
import type { Upstream } from './proxy/route-table.ts';
import { createUpstreamPool, type UpstreamPool } from './proxy/upstream-pool.ts';

/** The gateway's composition root (SPEC §3.7): the one entry point, on port 8080. */
export async function createGatewayService(deps: ServiceDeps): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'gateway', new URL('../migrations/', import.meta.url), {
    edge: true
  });
  const { config, app, logger } = runtime;
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
    : null;
  redis?.on('error', (error) => logger.warn({ err: error }, 'redis error'));
  const cache = redis ? createRedisCache(redis, `${config.redisPrefix}cache:`) : createMemoryCache();
  const pools = Object.fromEntries(
    (Object.entries(config.upstreams) as [Upstream, readonly string[]][]).map(([service, urls]) => [
      service,
      createUpstreamPool({ service, urls, logger, healthIntervalMs: config.gateway.healthIntervalMs })
    ])
  ) as Record<Upstream, UpstreamPool>;
  const monitor = createEventMonitor(runtime.metrics.registry);

  await registerRateLimits(app, {
    perMinute: config.gateway.rateLimitPerMinute,
    credentialsPerMinute: config.gateway.authRateLimitPerMinute,
    redis,
    prefix: `${config.redisPrefix}rate:`
  });
  const authenticate = edgeAuth(runtime.db, config);
  registerProxyRoute(app, {
    pools,
    cache,
    authenticate,
    timeoutMs: config.gateway.upstreamTimeoutMs,
    cacheTtlSeconds: config.gateway.cacheTtlSeconds
  });
  await registerGatewayRoutes(app, {
    pools,
    monitor,
    authenticate: (request) => authenticate(request, { service: 'auth', path: request.url })
  });

  app.addHook('onReady', async () => {
    for (const pool of Object.values(pools)) pool.start();
  });
  app.addHook('onClose', async () => {
    for (const pool of Object.values(pools)) pool.stop();
    await cache.close();
    await redis?.quit().catch(() => undefined);
  });
  return runtime.handle(monitor.handlers(cache));
}
