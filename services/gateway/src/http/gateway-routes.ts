import { requireRole, type Authenticator, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import type { RecentEvents } from '../consumers/recent-events.ts';
import type { UpstreamPools } from '../proxy/upstream-pools.ts';

const staffOnly = { tags: ['gateway'], security: [{ bearer: [] }] };

/** The gateway's own operational routes (SPEC §3.7): upstream status and recent events, for staff only. */
export function registerGatewayRoutes(
  app: HttpServer,
  auth: Authenticator,
  options: { pools: UpstreamPools; recent: RecentEvents }
): void {
  // SPEC §3.9: a person who opens the site's root lands in the console.
  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/app/', 302));

  app.get(
    '/gateway/upstreams',
    {
      preHandler: auth.required,
      schema: { ...staffOnly, summary: 'Upstream instances and their state (manager, admin)' }
    },
    async (request) => {
      requireRole(request, 'manager', 'admin');
      return {
        data: Object.values(options.pools.byService).map((p) => ({
          service: p.service,
          instances: p.instances.map((i) => ({
            url: i.url,
            healthy: i.healthy,
            breaker: i.state,
            consecutive_failures: i.consecutiveFailures
          }))
        }))
      };
    }
  );

  app.get(
    '/gateway/events',
    {
      preHandler: auth.required,
      schema: {
        ...staffOnly,
        summary: 'The most recent events on Kafka, newest first (manager, admin)',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
          { additionalProperties: false }
        )
      }
    },
    async (request) => {
      requireRole(request, 'manager', 'admin');
      return { data: options.recent.recent(request.query.limit ?? 50) };
    }
  );
}
