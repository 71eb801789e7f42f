import { createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { Redis } from 'ioredis';
import { createMemoryCache, createRedisCache } from './cache/response-cache.ts';
import { createEventMonitor } from './consumers/monitor.ts';
import type { GatewaySettings } from './gateway-config.ts';
import { edgeAuth } from './http/edge-auth.ts';
import { registerGatewayRoutes } from './http/gateway-routes.ts';
import { registerProxyRoute } from './http/proxy-route.ts';
import { registerRateLimits } from './http/rate-limits.ts';
import { createRouteResolver, type UpstreamRoutes } from './proxy/route-table.ts';
import { createUpstreamPool, type UpstreamPool } from './proxy/upstream-pool.ts';

/** The gateway's composition root (SPEC §3.7): the one entry point, on port 8080, to the registry's services. */
export async function createGatewayService(
  deps: ServiceDeps<GatewaySettings>,
  upstreams: readonly UpstreamRoutes[]
): Promise<ServiceHandle> {
  const runtime = await createServiceRuntime(deps, 'gateway', new URL('../migrations/', import.meta.url), {
    edge: true
  });
  const { app, ctx } = runtime;
  const { settings, config } = deps;
  const redis = settings.redisUrl
    ? new Redis(settings.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
    : null;
  redis?.on('error', (error) => ctx.logger.warn({ err: error }, 'redis error'));
  const cache = redis ? createRedisCache(redis, `${settings.redisPrefix}cache:`) : createMemoryCache();
  const pools: Record<string, UpstreamPool> = {};
  for (const { name } of upstreams) {
    const configured = settings[`upstream:${name}`] ?? [];
    const urls = configured.length > 0 ? configured : [`http://127.0.0.1:${config.ports[name]}`];
    pools[name] = createUpstreamPool({
      service: name,
      urls,
      logger: ctx.logger,
      healthIntervalMs: settings.healthIntervalMs
    });
  }
  const monitor = createEventMonitor(ctx.metrics.registry);

  await registerRateLimits(app, {
    perMinute: settings.rateLimitPerMinute,
    credentialsPerMinute: settings.authRateLimitPerMinute,
    redis,
    prefix: `${settings.redisPrefix}rate:`
  });
  const authenticate = edgeAuth(ctx.auth);
  registerProxyRoute(app, {
    pools,
    resolveRoute: createRouteResolver(upstreams),
    cache,
    authenticate,
    timeoutMs: settings.upstreamTimeoutMs,
    cacheTtlSeconds: settings.cacheTtlSeconds
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
