import { clientAddressSeal, createServiceRuntime, type ServiceDeps, type ServiceHandle } from '@style-flow/platform';
import { openGatewayStore } from './cache/gateway-store.ts';
import { cacheInvalidationHandlers } from './consumers/cache-invalidation.ts';
import { eventCountHandlers } from './consumers/event-counts.ts';
import { createRecentEvents } from './consumers/recent-events.ts';
import type { GatewaySettings } from './gateway-config.ts';
import type { GatewayContext } from './gateway-context.ts';
import { registerDocsRoutes } from './http/docs-routes.ts';
import { registerGatewayRoutes } from './http/gateway-routes.ts';
import { registerProxyRoute } from './http/proxy-route.ts';
import { registerRateLimits } from './http/rate-limits.ts';
import type { UpstreamRoutes } from './proxy/route-table.ts';
import { createUpstreamPools } from './proxy/upstream-pools.ts';

/** The gateway's composition root (SPEC §3.7): the one entry point, on port 8080, to the registry's services. */
export async function createGatewayService(
  deps: ServiceDeps<GatewaySettings>,
  upstreams: readonly UpstreamRoutes[]
): Promise<ServiceHandle> {
  const migrations = new URL('../migrations/', import.meta.url);
  const runtime = await createServiceRuntime(deps, 'gateway', migrations, { edge: true });
  const { app } = runtime;
  const ctx: GatewayContext = { ...runtime.ctx, settings: deps.settings };
  // A part of the service's lifecycle: closed if the service fails to come up, else after its consumers (the
  // cache's drops) have stopped.
  const store = openGatewayStore(ctx);
  runtime.part({ name: 'gateway-store', start: async () => {}, stop: () => store.close() });
  const pools = createUpstreamPools(ctx, upstreams);
  const recent = createRecentEvents();

  await registerRateLimits(app, ctx.settings, store.rates, clientAddressSeal(ctx.config.jwt.secret));
  registerProxyRoute(app, ctx, { upstreams, pools, cache: store.cache });
  await registerDocsRoutes(app, Object.keys(pools.byService));
  registerGatewayRoutes(app, ctx.auth, { pools, recent });

  const monitoring = [...eventCountHandlers(ctx.metrics.registry), ...recent.handlers()];
  return runtime.handle([...monitoring, ...cacheInvalidationHandlers(store.cache)], [pools]);
}
