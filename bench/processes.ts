// The processes of a benchmark, each on its own as in production: the program (`bin/style-flow.ts <targets>`), nginx,
// a bare Fastify server, and one-shot children (the load generator, the raw argon2id rate). Their output goes to log
// files in the run's folder, never to a pipe the benchmark has to drain. Everything started here is stopped by
// stopAll(), which run.ts calls in a finally block and on SIGINT or SIGTERM of the benchmark.
//
//   const config = benchConfig({ RATE_LIMIT_PER_MINUTE: '100000000' });
//   const services = await startProgram('services', ['auth', 'user'], config.env);
//   await fetch(`${services.url('user')}/health`);
//   await services.stop(); await config.cleanup();
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  embeddedTestPostgres,
  kafkaBrokersFromEnv,
  postgresFromEnv,
  redisUrlFromEnv,
  testConfig,
  type TestServiceConfig
} from '@style-flow/platform/testing';
import { registry } from '../services/registry.ts';
import { freePort } from '../test/support/stack.ts';

const repo = new URL('..', import.meta.url).pathname;
const program = join(repo, 'bin', 'style-flow.ts');
/** How long a process may take to answer its health checks (the embedded mode creates and migrates databases). */
const READY_TIMEOUT_MS = 120_000;
/** How long stop() waits after SIGTERM before SIGKILL: the program drains for SHUTDOWN_TIMEOUT_MS (10 s) at most. */
const STOP_TIMEOUT_MS = 20_000;

let folder: string | undefined;

/** The run's folder for logs and configuration files, made on first use and removed by stopAll(). */
export function workDir(): string {
  return (folder ??= mkdtempSync(join(tmpdir(), 'style-flow-bench-')));
}

export interface Started {
  name: string;
  pid: number;
  /** stdout and stderr of the process. */
  logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited after a bound; resolves once it has exited. */
  stop(): Promise<void>;
}

const running = new Set<Started>();

export interface StartOptions {
  name: string;
  command: string;
  args: readonly string[];
  /** The whole environment of the process: nothing of the benchmark's own is passed unless named here. */
  env?: Record<string, string>;
  /** URLs that must answer 200 before the process counts as started. */
  ready: readonly string[];
}

/** The last lines of a log, for an error message. */
function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));

/** Starts a long-running process with its output in a log file and waits until every `ready` URL answers 200. */
export async function startProcess(options: StartOptions): Promise<Started> {
  const logFile = join(workDir(), `${options.name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(options.command, options.args, {
    cwd: repo,
    env: { ...inherited(), ...options.env },
    stdio: ['ignore', log, log]
  });
  closeSync(log);
  let failure: Error | undefined;
  child.once('error', (error) => (failure = error));
  // One SIGTERM however often stop() is called: the program takes a second signal a moment later as "exit now".
  let stopping: Promise<void> | undefined;
  const started: Started = {
    name: options.name,
    pid: child.pid ?? -1,
    logFile,
    stop: () =>
      (stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited(child);
          clearTimeout(timer);
        }
        running.delete(started);
      })())
  };
  running.add(started);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (const url of options.ready) {
    for (;;) {
      if (failure || child.exitCode !== null || child.signalCode !== null) {
        running.delete(started);
        throw new Error(
          `${options.name} exited before it was ready (${failure?.message ?? `code ${child.exitCode ?? child.signalCode}`}):\n${tail(logFile)}`
        );
      }
      const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        (r) => r.body?.cancel().then(() => r.status) ?? r.status,
        () => 0
      );
      if (status === 200) break;
      if (Date.now() > deadline) {
        await started.stop();
        throw new Error(`${options.name}: ${url} did not answer 200 within ${READY_TIMEOUT_MS} ms:\n${tail(logFile)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return started;
}

/** What a child needs of the benchmark's environment to run at all; its configuration is passed explicitly. */
function inherited(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TZ'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
}

export interface Program extends Started {
  /** `http://127.0.0.1:<port>` of a target of this program (`gateway`, `auth`, `user`, …). */
  url(target: string): string;
  /** The unauthenticated Prometheus listener of the process (METRICS_PORT): `http://127.0.0.1:<port>/metrics`. */
  metricsUrl: string;
}

/**
 * `node bin/style-flow.ts <targets>` with the same Node as the benchmark, the environment given (from benchConfig's
 * `env`) plus a free port for each target and for METRICS_PORT (a port given in `env` is kept); resolves once every
 * target answers GET /health.
 */
export async function startProgram(
  name: string,
  targets: readonly string[],
  env: Record<string, string>
): Promise<Program> {
  const full: Record<string, string> = { ...env };
  const portKey = (t: string) => (t === 'gateway' ? 'GATEWAY_PORT' : `${t.toUpperCase()}_SERVICE_PORT`);
  for (const t of targets) full[portKey(t)] ??= String(await freePort());
  full.METRICS_PORT ??= String(await freePort());
  const url = (target: string) => {
    const port = full[portKey(target)];
    if (!targets.includes(target) || !port) throw new Error(`${name} does not run ${target}`);
    return `http://127.0.0.1:${port}`;
  };
  const started = await startProcess({
    name,
    command: process.execPath,
    args: [program, ...targets],
    env: full,
    ready: targets.map((t) => `${url(t)}/health`)
  });
  return Object.assign(started, { url, metricsUrl: `http://127.0.0.1:${full.METRICS_PORT}/metrics` });
}

/** Runs a child to its end and returns its stdout (small: a JSON line); its stderr goes to a log file. */
export async function runToEnd(name: string, command: string, args: readonly string[]): Promise<string> {
  const logFile = join(workDir(), `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = spawn(command, args, { cwd: repo, env: inherited(), stdio: ['ignore', 'pipe', log] });
  closeSync(log);
  const handle: Started = {
    name,
    pid: child.pid ?? -1,
    logFile,
    async stop() {
      child.kill('SIGKILL');
      await exited(child);
    }
  };
  running.add(handle);
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`${name} exited with ${code}:\n${out.slice(-2000)}\n${tail(logFile)}`);
    return out;
  } finally {
    running.delete(handle);
  }
}

/** The cleanups of the configs made by benchConfig that have not finished yet. */
const cleanups = new Set<() => Promise<void>>();

/**
 * Stops every process still running, drops the databases of every config not cleaned up yet, and removes the run's
 * folder (BENCH_KEEP_LOGS=1 keeps it, and says where).
 */
export async function stopAll(): Promise<void> {
  await Promise.allSettled([...running].map((p) => p.stop()));
  await Promise.allSettled([...cleanups].map((cleanup) => cleanup()));
  if (!folder) return;
  if (process.env.BENCH_KEEP_LOGS === '1') console.log(`logs kept in ${folder}`);
  else rmSync(folder, { recursive: true, force: true });
  folder = undefined;
}

/** Last resort when the benchmark exits without stopAll(): no process of its own outlives it. */
process.once('exit', () => {
  for (const p of running) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

export interface Backends {
  /** 'real': PostgreSQL and Kafka (and Redis when set) from the environment; 'embedded': the in-process bus. */
  mode: 'real' | 'embedded';
  description: string;
}

/** The backends the process benchmarks run on, from POSTGRES_HOST, KAFKA_BOOTSTRAP_SERVERS and REDIS_URL. */
export function benchBackends(): Backends {
  const pg = postgresFromEnv();
  const kafka = kafkaBrokersFromEnv();
  const redis = redisUrlFromEnv();
  if (pg && kafka) {
    return {
      mode: 'real',
      description: `PostgreSQL ${pg.host}:${pg.port}, Kafka ${kafka.join(',')}, ${redis ? `Redis ${redis}` : 'no Redis (gateway limits in memory)'}`
    };
  }
  const where = pg ? `PostgreSQL ${pg.host}:${pg.port}` : 'one embedded PostgreSQL server (npm binaries) for the run';
  return {
    mode: 'embedded',
    description: `${where}, no Kafka: each process has its own in-process bus (the gateway does not hear the services' events; HTTP figures stand)`
  };
}

/**
 * The configuration of one benchmark's programs: fresh databases (a unique suffix), topics and consumer groups on the
 * backends of benchBackends(), request logs at `info` as in production, and `overrides`. Without POSTGRES_HOST the
 * run's embedded server is started on first use (and stopped when the benchmark exits). Call `cleanup()` at the end.
 */
export function benchConfig(overrides: Record<string, string> = {}): TestServiceConfig {
  const { mode } = benchBackends();
  if (!postgresFromEnv()) embeddedTestPostgres();
  const config = testConfig(
    mode,
    { LOG_LEVEL: 'info', JWT_SECRET_KEY: 'bench-secret-0123456789abcdef0123456789abcdef', ...overrides },
    registry
  );
  // Once only, by the suite or by stopAll() when the benchmark is interrupted; stopAll() also waits for one under way.
  let cleaned: Promise<void> | undefined;
  const cleanup = () => (cleaned ??= config.cleanup().finally(() => cleanups.delete(cleanup)));
  cleanups.add(cleanup);
  return { ...config, cleanup };
}
