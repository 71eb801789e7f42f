// Starts services of Style Flow in this process on free ports, on the embedded backends or on PostgreSQL +
// Kafka, and gives tests a small HTTP client for them.
import { createServer } from 'node:net';
import type { TestContext } from 'node:test';
import pg from 'pg';
import type { EventData, EventDefinition } from '@style-flow/contracts';
import {
  createEnvelope,
  createKafkaTransport,
  createMemoryTransport,
  createService,
  runServices,
  type Config,
  type ServiceDeps,
  type ServiceHandle,
  type Transport
} from '@style-flow/platform';
import {
  kafkaBrokersFromEnv,
  postgresFromEnv,
  quietLogger,
  skipUnless,
  testConfig,
  uniqueName
} from '@style-flow/platform/testing';
import { createAuthService } from '@style-flow/auth-service';
import { registry, runnable, upstreams } from '../../services/registry.ts';

export type Mode = 'embedded' | 'real';
/** A service of the registry that runs (`auth`, `user`, …, `gateway`). */
export type Target = string;

/** Every service that runs today, gateway last. */
export const allTargets: readonly Target[] = [...runnable.map((s) => s.name).filter((n) => n !== 'gateway'), 'gateway'];

export const modes = [
  {
    name: postgresFromEnv()
      ? 'in-process bus (on the configured PostgreSQL)'
      : 'embedded (PostgreSQL server from npm, in-process bus)',
    mode: 'embedded' as Mode,
    skip: false as const
  },
  {
    name: 'PostgreSQL and Kafka',
    mode: 'real' as Mode,
    skip: skipUnless(postgresFromEnv() !== null && kafkaBrokersFromEnv() !== null, 'PostgreSQL and Kafka')
  }
];

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export interface Stack {
  url(service: Target): string;
  request<T = Record<string, unknown>>(
    method: string,
    service: Target,
    path: string,
    options?: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> }
  ): Promise<Reply<T>>;
  config: Readonly<Config>;
  /** Reset tokens handed to the delivery port, by email. */
  resetTokens: Map<string, string>;
  transport: Transport;
  stop(): Promise<void>;
}

export async function startStack(
  mode: Mode,
  targets: readonly Target[],
  overrides: Record<string, string> = {}
): Promise<Stack> {
  const ports = Object.fromEntries(
    await Promise.all(targets.map(async (t) => [t, await freePort()] as const))
  ) as Record<Target, number>;
  const env: Record<string, string> = { JWT_SECRET_KEY: 'stack-test-secret-0123456789abcdef0123456789', ...overrides };
  for (const t of targets) {
    if (t === 'gateway') {
      env.GATEWAY_PORT = String(ports[t]);
      continue;
    }
    env[`${t.toUpperCase()}_SERVICE_PORT`] = String(ports[t]);
    env[`${t.toUpperCase()}_SERVICE_URLS`] ??= `http://127.0.0.1:${ports[t]}`;
  }
  // Services that are not part of this stack are nowhere: a gateway test names fakes for those it needs.
  for (const s of upstreams.map((u) => u.name)) env[`${s.toUpperCase()}_SERVICE_URLS`] ??= 'http://127.0.0.1:9';
  const setup = testConfig(mode, env, registry);
  const logger = quietLogger();
  const transport =
    mode === 'real'
      ? createKafkaTransport({
          brokers: setup.config.kafka!.brokers,
          topicPrefix: setup.config.kafka!.topicPrefix,
          clientId: uniqueName('stack'),
          logger,
          sessionTimeoutMs: 6000,
          heartbeatIntervalMs: 500
        })
      : createMemoryTransport(logger);
  const resetTokens = new Map<string, string>();
  const deps = (name: string): ServiceDeps<never> => ({
    config: setup.config,
    settings: setup.settings[name] as never,
    transport,
    logger,
    version: 'test'
  });
  // The auth service hands reset tokens to the test instead of the log.
  const create = (t: Target): Promise<ServiceHandle> =>
    t === 'auth'
      ? createService(
          (d: ServiceDeps<never>) =>
            createAuthService(d, {
              deliverResetToken: async (account, token) => void resetTokens.set(account.email, token)
            }),
          deps('auth')
        )
      : runnable.find((s) => s.name === t)!.create!(deps(t));
  const handles: ServiceHandle[] = [];
  let stopServices: () => Promise<void>;
  try {
    for (const t of targets) handles.push(await create(t));
    stopServices = await runServices(handles, transport, logger, 10_000);
  } catch (error) {
    // A stack that fails to start leaves nothing open (a test file must still end on its own): the services made so
    // far, the transport, the databases of this config.
    await Promise.allSettled(handles.map((h) => h.release()));
    await transport.close().catch(() => undefined);
    await setup.cleanup().catch(() => undefined);
    throw error;
  }
  const url = (service: Target) => `http://127.0.0.1:${ports[service]}`;

  return {
    url,
    config: setup.config,
    resetTokens,
    transport,
    async request(method, service, path, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      let body: string | undefined = options.raw;
      if (options.body !== undefined) {
        body = JSON.stringify(options.body);
        headers['content-type'] = 'application/json';
      } else if (options.raw !== undefined) {
        headers['content-type'] ??= 'application/json';
      }
      const response = await fetch(`${url(service)}${path}`, { method, headers, body });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as never };
    },
    async stop() {
      await stopServices();
      await setup.cleanup();
    }
  };
}

/** A stack that stops when the suite ends. */
export async function stackFor(
  t: TestContext | { after(fn: () => Promise<void>): void },
  mode: Mode,
  targets: readonly Target[],
  overrides?: Record<string, string>
): Promise<Stack> {
  const stack = await startStack(mode, targets, overrides);
  t.after(() => stack.stop());
  return stack;
}

/**
 * Publishes a fact on a stack's transport as its producing service would: a CloudEvents envelope keyed by its
 * subject, `times` times with the same id (a redelivery). Returns the event id.
 */
export async function publishFact<D extends EventDefinition>(
  stack: Stack,
  definition: D,
  source: string,
  subject: number,
  data: EventData<D>,
  times = 1
): Promise<string> {
  const envelope = createEnvelope(source, definition.type, subject, data);
  for (let i = 0; i < times; i++) {
    await stack.transport.publish([
      { topic: definition.topic, key: String(subject), value: JSON.stringify(envelope), headers: {} }
    ]);
  }
  return envelope.id;
}

/** A connection to one service's database of a stack, for what only SQL can show or force; the suite ends it. */
export async function serviceDatabase(stack: Stack, service: Target): Promise<pg.Client> {
  const pgConfig = stack.config.postgres!;
  const client = new pg.Client({
    host: pgConfig.host,
    port: pgConfig.port,
    user: pgConfig.user,
    password: pgConfig.password,
    database: `${service}_service${pgConfig.databaseSuffix ?? ''}`
  });
  // The stack's stop drops the database under it.
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * How many lock requests wait on the database a client is connected to: a test that forces an interleaving waits
 * for its other party to be held up here.
 */
export async function waitingForLocks(db: pg.Client): Promise<number> {
  // The tests ask from inside the transaction that holds the lock, and the server reads pg_stat_activity once per
  // transaction: without this, a call whose pool opened a new connection after the first look is never counted.
  await db.query('select pg_stat_clear_snapshot()');
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
     where not l.granted and a.datname = current_database()`
  );
  return rows[0]!.n;
}
