import swaggerUi from '@fastify/swagger-ui';
import { requireRole, type HttpServer } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { EventMonitor } from '../consumers/monitor.ts';
import type { Upstream } from '../proxy/route-table.ts';
import type { UpstreamPool } from '../proxy/upstream-pool.ts';

/** The gateway's own routes: the browsable docs of every service, upstream status, recent events. */
export async function registerGatewayRoutes(
  app: HttpServer,
  options: {
    pools: Readonly<Record<Upstream, UpstreamPool>>;
    monitor: EventMonitor;
    authenticate: (request: FastifyRequest) => Promise<void>;
  }
): Promise<void> {
  const services = Object.keys(options.pools);
  // Swagger UI from the package's own files: nothing is loaded from a CDN. Each service's document is
  // fetched through the gateway at /{service}-service/openapi.json.
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: {
      urls: [
        { url: '/openapi.json', name: 'gateway' },
        ...services.map((s) => ({ url: `/${s}-service/openapi.json`, name: `${s}-service` }))
      ],
      'urls.primaryName': 'auth-service'
    } as never
  });

  app.get(
    '/gateway/upstreams',
    { schema: { tags: ['gateway'], summary: 'Upstream instances and their state' } },
    async () => ({
      data: Object.values(options.pools).map((p) => ({
        service: p.service,
        instances: p.instances.map((i) => ({
          url: i.url,
          healthy: i.healthy,
          breaker: i.state,
          consecutive_failures: i.consecutiveFailures
        }))
      }))
    })
  );

  app.get(
    '/gateway/events',
    {
      preHandler: options.authenticate,
      schema: {
        tags: ['gateway'],
        summary: 'The most recent events on Kafka, newest first (manager, admin)',
        security: [{ bearer: [] }],
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
          { additionalProperties: false }
        )
      }
    },
    async (request) => {
      requireRole(request, 'manager', 'admin');
      return { data: options.monitor.recent(request.query.limit ?? 50) };
    }
  );
}
