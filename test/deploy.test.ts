// docker-compose.yml, the Dockerfile and the Kubernetes manifests are checked statically (no Docker engine
// runs in CI): every built service has its container and Deployment, every variable they set is one the
// program knows, and every probe points at the platform routes.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { configHelp } from '@style-flow/platform';
import { registry, upstreams } from '../services/registry.ts';

const root = new URL('../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');
// Every variable --help lists, for every service.
const known = new Set([...configHelp(registry).matchAll(/^ {2}([A-Z][A-Z0-9_]+) /gm)].map((m) => m[1]!));

/** The services whose composition root exists (a planned service's folder may hold only its package file). */
async function builtServices(): Promise<string[]> {
  const entries = await readdir(new URL('services/', root), { withFileTypes: true });
  const built = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => ((await read(`services/${e.name}/src/${e.name}-service.ts`).catch(() => null)) ? e.name : null))
  );
  return built.filter((name): name is string => name !== null).sort();
}

describe('deployment files', () => {
  test('docker-compose.yml: PostgreSQL, Kafka, Redis and a container per built service, as the seed names them', async () => {
    const compose = parse(await read('docker-compose.yml'), { merge: true }) as {
      services: Record<string, { command?: string[]; environment?: Record<string, string>; healthcheck?: unknown }>;
    };
    for (const infra of ['postgres', 'kafka', 'redis']) assert.ok(compose.services[infra], infra);
    for (const name of await builtServices()) {
      const container = compose.services[`${name}-service`];
      assert.ok(container, `${name}-service`);
      assert.deepEqual(container.command, [name]);
      assert.ok(container.healthcheck, `${name}-service has a health check`);
      for (const key of Object.keys(container.environment ?? {}))
        assert.ok(known.has(key), `${name}-service sets ${key}, which the program does not read`);
      assert.equal(container.environment?.POSTGRES_HOST, 'postgres');
      assert.equal(container.environment?.KAFKA_BOOTSTRAP_SERVERS, 'kafka:9092');
      // Every container knows where every service is: the gateway routes to them and services call one another;
      // a service left at its default would look for its peer on its own 127.0.0.1.
      for (const peer of upstreams.filter((u) => u.create))
        assert.equal(
          container.environment?.[peer.urls.key],
          `http://${peer.name}-service:${peer.port.default}`,
          `${name}-service: ${peer.urls.key}`
        );
    }
    assert.deepEqual((compose.services['gateway-service'] as { ports?: string[] }).ports, ['8080:8080']);
  });

  test('the Dockerfile installs every workspace before copying the sources', async () => {
    const dockerfile = await read('Dockerfile');
    for (const name of await builtServices())
      assert.match(dockerfile, new RegExp(`COPY services/${name}/package.json services/${name}/`));
    // Every workspace of the lockfile, or `npm ci` refuses it.
    const { workspaces } = JSON.parse(await read('package.json')) as { workspaces: string[] };
    for (const workspace of workspaces.filter((w) => !w.includes('*')))
      assert.match(dockerfile, new RegExp(`COPY ${workspace}/package.json ${workspace}/`));
    assert.match(dockerfile, /ENTRYPOINT \["node", "bin\/style-flow.ts"\]/);
  });

  test('Kubernetes: a Deployment per built service, probed on /health and /ready, configured with known variables', async () => {
    const config = parse(await read('deploy/kubernetes/config.yaml')) as { data: Record<string, string> };
    for (const key of Object.keys(config.data))
      assert.ok(known.has(key), `the ConfigMap sets ${key}, which the program does not read`);
    for (const peer of upstreams.filter((u) => u.create))
      assert.equal(config.data[peer.urls.key], `http://${peer.name}-service:${peer.port.default}`, peer.urls.key);
    for (const name of await builtServices()) {
      const docs = parseAllDocuments(await read(`deploy/kubernetes/${name}-service.yaml`)).map((d) => d.toJS());
      const deployment = docs.find((d) => d.kind === 'Deployment');
      const container = deployment.spec.template.spec.containers[0];
      assert.deepEqual(container.args, [name]);
      assert.equal(container.readinessProbe.httpGet.path, '/ready');
      assert.equal(container.livenessProbe.httpGet.path, '/health');
      assert.ok(docs.some((d) => d.kind === 'Service' && d.metadata.name === `${name}-service`));
    }
  });
});
