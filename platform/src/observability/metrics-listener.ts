import { createServer, type Server } from 'node:http';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Component } from '../lifecycle/component.ts';

/**
 * Prometheus's door (SPEC §3.7): every service of this process on one port that is not exposed to clients
 * (METRICS_PORT), without a token. On the public ports /metrics answers staff only.
 */
export function createMetricsListener(options: {
  host: string;
  port: number;
  registries: () => Registry[];
}): Component & {
  port(): number;
} {
  let server: Server | null = null;
  return {
    name: 'metrics-listener',
    port: () => {
      const address = server?.address();
      return address && typeof address === 'object' ? address.port : 0;
    },
    async start() {
      server = createServer((request, response) => {
        if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
          return;
        }
        // Several services of one process share metric names: one family per name, each service's series
        // kept apart by its `service` label (Registry.merge refuses the shared names).
        const metrics = async () => {
          const families = await Promise.all(options.registries().map((r) => r.getMetricsAsJSON()));
          const merged = AggregatorRegistry.aggregate(families);
          return { text: await merged.metrics(), type: merged.contentType };
        };
        metrics().then(
          ({ text, type }) => response.writeHead(200, { 'content-type': type }).end(text),
          () => response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics failed\n')
        );
      });
      await new Promise<void>((resolve, reject) => {
        server!.once('error', reject);
        server!.listen(options.port, options.host, resolve);
      });
    },
    async stop() {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = null;
    }
  };
}
