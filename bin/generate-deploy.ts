// `npm run generate:deploy` writes the Kubernetes base's per-service manifests from services/registry.ts: for every
// runnable service a Deployment, a Service and a PodDisruptionBudget, the kustomization that lists them, and every
// service's *_URLS for the ConfigMap. A service entered in the registry gets its manifests by running it; with
// `--check` (part of `npm run check`) it writes nothing and fails when the committed files differ from the registry.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IService } from 'kubernetes-models/v1/Service';
import { stringify } from 'yaml';
import type { ServiceDefinition } from '@style-flow/platform';
import { runnable } from '../services/registry.ts';

const REGENERATE = 'npm run generate:deploy';
const folder = new URL('../deploy/kubernetes/base/services/', import.meta.url);
const HEADER = `# Made from services/registry.ts by \`${REGENERATE}\` (bin/generate-deploy.ts): edit those, not this file.\n`;
const METRICS_PORT = 9464;

// Peak RSS in MB of one idle service process (`style-flow <name>`, NODE_ENV=production, real PostgreSQL, Kafka and
// Redis, ready and then idle 30 s), measured one at a time on a 2-core machine: the table in deploy/kubernetes/README.md.
// Every process loads the whole program, so they differ little. A service not measured yet gets the largest figure.
const measuredPeakMb: Record<string, number> = {
  gateway: 215,
  auth: 259, // its argon2 hashers
  user: 217,
  event: 226,
  resource: 214,
  client: 216,
  payment: 217,
  notification: 219,
  console: 215 // its first version
};

/** Requests: the measured peak plus a quarter, in 32 Mi steps; limit: twice that, for the heap's growth under load. */
function resources(name: string) {
  const peak = measuredPeakMb[name] ?? Math.max(...Object.values(measuredPeakMb));
  const request = Math.ceil((peak * 1.25) / 32) * 32;
  // CPU: idle took 15-25 millicores; 100m leaves room for traffic. No CPU limit: start-up compiles the program
  // (2-3 s of CPU) and argon2 hashes in bursts, and a limit would only throttle them.
  return { requests: { cpu: '100m', memory: `${request}Mi` }, limits: { memory: `${request * 2}Mi` } };
}

function labels(app: string) {
  return { app, 'app.kubernetes.io/name': app, 'app.kubernetes.io/part-of': 'style-flow' };
}

function deployment(service: ServiceDefinition): IDeployment {
  const app = `${service.name}-service`;
  const get = (path: string) => ({ httpGet: { path, port: 'http' } });
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app, labels: labels(app) },
    spec: {
      // Replicas come from the overlay. A new pod must be ready before an old one goes.
      selector: { matchLabels: { app } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: {
          labels: labels(app),
          // Prometheus scrapes the metrics listener, which no Service exposes.
          annotations: {
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(METRICS_PORT),
            'prometheus.io/path': '/metrics'
          }
        },
        spec: {
          // Kubernetes would otherwise set AUTH_SERVICE_PORT=tcp://10.…:8081 (and the like) for every Service, and
          // the program reads AUTH_SERVICE_PORT as the auth service's port.
          enableServiceLinks: false,
          automountServiceAccountToken: false,
          // SIGTERM drains requests, flushes the outbox and stops consumers, each step within SHUTDOWN_TIMEOUT_MS.
          terminationGracePeriodSeconds: 40,
          // The image's user `node` is uid 1000; runAsNonRoot cannot check a user given by name.
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            seccompProfile: { type: 'RuntimeDefault' }
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'kubernetes.io/hostname',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: { matchLabels: { app } }
            }
          ],
          containers: [
            {
              name: app,
              image: 'style-flow:latest',
              args: [service.name],
              ports: [
                { name: 'http', containerPort: service.port.default },
                { name: 'metrics', containerPort: METRICS_PORT }
              ],
              envFrom: [{ configMapRef: { name: 'style-flow-config' } }, { secretRef: { name: 'style-flow-secrets' } }],
              // The port opens after migrations and after the principals' reader has caught up (at most 20 s):
              // until then only the startup probe asks, for up to two minutes.
              startupProbe: { ...get('/health'), periodSeconds: 2, failureThreshold: 60 },
              // Ready: its database and Kafka answer (asked each time, hence 3 s rather than 1) and the principals
              // have caught up with their topics.
              readinessProbe: { ...get('/ready'), periodSeconds: 5, timeoutSeconds: 3 },
              livenessProbe: { ...get('/health'), periodSeconds: 10, failureThreshold: 3 },
              // The endpoints and every node's proxy learn of the pod's end a moment after SIGTERM would close the
              // port: keep answering meanwhile, so no request meets a closed port.
              lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
              resources: resources(service.name),
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] }
              },
              // The only place the program writes: Node's compile cache (os.tmpdir()), which makes restarts faster.
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }]
            }
          ],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '128Mi' } }]
        }
      }
    }
  };
}

function service(definition: ServiceDefinition): IService {
  const app = `${definition.name}-service`;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: app, labels: labels(app) },
    spec: { selector: { app }, ports: [{ name: 'http', port: definition.port.default, targetPort: 'http' }] }
  };
}

/** One pod of the service may be evicted at a time: with two replicas one keeps serving, with one a drain may go on. */
function disruptionBudget(definition: ServiceDefinition): IPodDisruptionBudget {
  const app = `${definition.name}-service`;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: app, labels: labels(app) },
    spec: { maxUnavailable: 1, selector: { matchLabels: { app } } }
  };
}

const yaml = (objects: object[]) => objects.map((o) => stringify(o, { lineWidth: 0 })).join('---\n');

/** The generated files, by name inside base/services/. */
function generatedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  const names = runnable.map((s) => `${s.name}-service.yaml`);
  for (const [i, s] of runnable.entries())
    files.set(names[i]!, HEADER + yaml([deployment(s), service(s), disruptionBudget(s)]));
  files.set(
    'kustomization.yaml',
    HEADER + yaml([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names }])
  );
  // Where every service is: for the gateway, for the services that call one another, and for the console, which
  // calls the API through the gateway (GATEWAY_URLS).
  const urls = runnable.map((s) => `${s.urls.key}=http://${s.name}-service:${s.port.default}`);
  files.set('service-urls.env', `${HEADER}METRICS_PORT=${METRICS_PORT}\n${urls.join('\n')}\n`);
  return files;
}

function committedFiles(): Map<string, string> {
  const files = new Map<string, string>();
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    // Not generated yet.
  }
  for (const name of names) files.set(name, readFileSync(new URL(name, folder), 'utf8'));
  return files;
}

function differences(committed: Map<string, string>, fresh: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [name, text] of fresh) {
    const old = committed.get(name);
    if (old === undefined) found.push(`${name} is missing`);
    else if (old !== text) {
      const [a, b] = [old.split('\n'), text.split('\n')];
      const at = a.findIndex((l, i) => l !== b[i]);
      const line = at === -1 ? a.length : at;
      const [was, now] = [a[line] ?? '(end of file)', b[line] ?? '(end of file)'];
      found.push(
        `${name} is stale (line ${line + 1}: committed ${JSON.stringify(was)}, generated ${JSON.stringify(now)})`
      );
    }
  }
  for (const name of committed.keys()) if (!fresh.has(name)) found.push(`${name} is not generated any more`);
  return found;
}

const fresh = generatedFiles();
if (process.argv.includes('--check')) {
  const found = differences(committedFiles(), fresh);
  if (found.length > 0) {
    console.error('deploy/kubernetes/base/services/ does not match services/registry.ts:');
    for (const line of found) console.error(`  ${line}`);
    console.error(`Run \`${REGENERATE}\` and commit the result.`);
    process.exitCode = 1;
  } else console.log('deploy/kubernetes/base/services/ matches services/registry.ts');
} else {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  for (const [name, text] of fresh) writeFileSync(new URL(name, folder), text);
  console.log(`wrote ${fresh.size} files in deploy/kubernetes/base/services/`);
}
