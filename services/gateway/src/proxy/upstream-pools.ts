import { createUpstreamPool, type Component, type UpstreamPool } from '@style-flow/platform';
import type { GatewayContext } from '../gateway-context.ts';
import type { UpstreamRoutes } from './route-table.ts';

/** One pool per service of the registry; as a component, it runs their active health checks. */
export interface UpstreamPools extends Component {
  byService: Readonly<Record<string, UpstreamPool>>;
}

/** The instances of each service as its registry entry's URL key lists them (SPEC §3.7). */
export function createUpstreamPools(ctx: GatewayContext, upstreams: readonly UpstreamRoutes[]): UpstreamPools {
  const byService: Record<string, UpstreamPool> = {};
  for (const { name } of upstreams) {
    byService[name] = createUpstreamPool({
      service: name,
      urls: ctx.config.urls[name] ?? [],
      logger: ctx.logger,
      healthIntervalMs: ctx.settings.healthIntervalMs
    });
  }
  return {
    name: 'gateway-upstream-health',
    byService,
    async start() {
      for (const pool of Object.values(byService)) pool.start();
    },
    async stop() {
      await Promise.all(Object.values(byService).map((pool) => pool.stop()));
    }
  };
}
