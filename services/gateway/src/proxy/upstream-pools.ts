import type { Component } from '@style-flow/platform';
import type { GatewayContext } from '../gateway-context.ts';
import type { UpstreamRoutes } from './route-table.ts';
import { createUpstreamPool, type UpstreamPool } from './upstream-pool.ts';

/** One pool per service of the registry; as a component, it runs their active health checks. */
export interface UpstreamPools extends Component {
  byService: Readonly<Record<string, UpstreamPool>>;
}

/** `USER_SERVICE_URLS` lists the instances of a service; unset, the one on 127.0.0.1 at its configured port. */
export function createUpstreamPools(ctx: GatewayContext, upstreams: readonly UpstreamRoutes[]): UpstreamPools {
  const byService: Record<string, UpstreamPool> = {};
  for (const { name } of upstreams) {
    const configured = ctx.settings[`upstream:${name}`] ?? [];
    byService[name] = createUpstreamPool({
      service: name,
      urls: configured.length > 0 ? configured : [`http://127.0.0.1:${ctx.config.ports[name]}`],
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
