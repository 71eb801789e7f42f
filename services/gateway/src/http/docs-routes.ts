import swaggerUi from '@fastify/swagger-ui';
import type { HttpServer } from '@style-flow/platform';

/**
 * `GET /docs`: Swagger UI over the gateway's and every service's OpenAPI document, fetched through the gateway at
 * /{service}-service/openapi.json. Served from the package's own files (nothing from a CDN), and never inside
 * another site's frame, where a page could trick a signed-in reader into clicks (clickjacking).
 */
export async function registerDocsRoutes(app: HttpServer, services: readonly string[]): Promise<void> {
  app.addHook('onSend', async (request, reply) => {
    if (!request.routeOptions.url?.startsWith('/docs')) return;
    reply.header('content-security-policy', "frame-ancestors 'none'").header('x-frame-options', 'DENY');
  });
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
}
