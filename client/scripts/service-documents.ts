// Each service's OpenAPI document, exactly as it serves it at GET /openapi.json. A service's runtime opens and
// migrates its database before its routes exist, so each one is started for a moment on a database of its own (on
// the PostgreSQL server POSTGRES_HOST names, as the tests do, else an embedded one) with its HTTP listener only: no
// relay, no consumers. Everything it opened is closed and its databases dropped before this returns.
import { createServer } from 'node:net';
import { createMemoryTransport, type ServiceDefinition } from '@style-flow/platform';
import { quietLogger, testConfig } from '@style-flow/platform/testing';
import type { OpenAPI3 } from 'openapi-typescript';
import { registry } from '../../services/registry.ts';

export interface ServiceDocument {
  service: string;
  document: OpenAPI3;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The documents of every service of the registry that runs, in registry order, the gateway's own operations last. */
export async function serviceDocuments(version: string): Promise<ServiceDocument[]> {
  const services = registry
    .filter((s): s is ServiceDefinition & Required<Pick<ServiceDefinition, 'create'>> => Boolean(s.create))
    .sort((a, b) => Number(a.name === 'gateway') - Number(b.name === 'gateway'));
  const ports = new Map<string, number>();
  for (const s of services) ports.set(s.name, await freePort());
  const setup = testConfig(
    'embedded',
    Object.fromEntries(services.map((s) => [s.port.key, String(ports.get(s.name))])),
    registry
  );
  const logger = quietLogger();
  const transport = createMemoryTransport(logger);
  const documents: ServiceDocument[] = [];
  try {
    for (const s of services) {
      const handle = await s.create({
        config: setup.config,
        settings: setup.settings[s.name] as never,
        transport,
        logger,
        version
      });
      try {
        await handle.http.start();
        const response = await fetch(`http://127.0.0.1:${ports.get(s.name)}/openapi.json`);
        if (!response.ok) throw new Error(`${s.name}-service answered ${response.status} for /openapi.json`);
        documents.push({ service: s.name, document: (await response.json()) as OpenAPI3 });
      } finally {
        await handle.release();
      }
    }
  } finally {
    await transport.close();
    await setup.cleanup();
  }
  return documents;
}
