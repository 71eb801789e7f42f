// Test support shared by the platform's and the services' suites: which real backends this run has,
// fresh isolated databases and transports on each, and small waiting helpers.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pg from 'pg';
import type { PostgresConfig } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { openPgliteDatabase } from '../db/pglite-database.ts';
import { openPostgresDatabase } from '../db/postgres-database.ts';
import { createKafkaTransport } from '../messaging/kafka-transport.ts';
import { createMemoryTransport } from '../messaging/memory-transport.ts';
import type { Transport } from '../messaging/transport.ts';
import { createLogger, type Logger } from '../observability/logger.ts';

const env = process.env;

/** In CI a missing backend is a failure, never a skip (DESIGN §5). */
export const inCI = env.CI === 'true' || env.CI === '1';

export function postgresFromEnv(): PostgresConfig | null {
  if (!env.POSTGRES_HOST) return null;
  return {
    host: env.POSTGRES_HOST,
    port: Number(env.POSTGRES_PORT ?? 5432),
    user: env.POSTGRES_USER ?? 'postgres',
    password: env.POSTGRES_PASSWORD ?? '',
    poolMax: 10
  };
}

export function kafkaBrokersFromEnv(): string[] | null {
  const list = (env.KAFKA_BOOTSTRAP_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : null;
}

export function redisUrlFromEnv(): string | null {
  return env.REDIS_URL || null;
}

/** A reason to skip a suite for a backend this machine lacks; throws in CI instead. */
export function skipUnless(available: boolean, what: string): string | false {
  if (available) return false;
  if (inCI) throw new Error(`${what} is required in CI but is not configured`);
  return `${what} not configured here (set POSTGRES_HOST and KAFKA_BOOTSTRAP_SERVERS to run it)`;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

export interface TestDatabase extends Database {
  /** Closes and, on PostgreSQL, drops the database. */
  destroy(): Promise<void>;
}

export interface DatabaseBackend {
  name: 'pglite' | 'postgres';
  skip: string | false;
  open(): Promise<TestDatabase>;
}

export function databaseBackends(): DatabaseBackend[] {
  const pgConfig = postgresFromEnv();
  return [
    {
      name: 'pglite',
      skip: false,
      async open() {
        const db = await openPgliteDatabase('memory://', 'test_service');
        return Object.assign(db, { destroy: () => db.close() });
      }
    },
    {
      name: 'postgres',
      skip: skipUnless(pgConfig !== null, 'PostgreSQL'),
      async open() {
        const config = pgConfig!;
        const name = `${uniqueName('test')}_service`;
        const db = await openPostgresDatabase(config, name);
        return Object.assign(db, {
          async destroy() {
            await db.close();
            const admin = new pg.Client({
              host: config.host,
              port: config.port,
              user: config.user,
              password: config.password,
              database: 'postgres'
            });
            await admin.connect();
            await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
            await admin.end();
          }
        });
      }
    }
  ];
}

export interface TransportBackend {
  name: 'memory' | 'kafka';
  skip: string | false;
  create(logger?: Logger): Transport;
}

export function transportBackends(): TransportBackend[] {
  const brokers = kafkaBrokersFromEnv();
  return [
    { name: 'memory', skip: false, create: (logger = quietLogger()) => createMemoryTransport(logger) },
    {
      name: 'kafka',
      skip: skipUnless(brokers !== null, 'Kafka'),
      create: (logger = quietLogger()) =>
        createKafkaTransport({
          brokers: brokers!,
          clientId: uniqueName('test'),
          logger,
          sessionTimeoutMs: 6000,
          heartbeatIntervalMs: 500
        })
    }
  ];
}

/** A logger for tests: silent unless TEST_LOG_LEVEL is set. */
export function quietLogger(): Logger {
  return createLogger({ level: (env.TEST_LOG_LEVEL as 'info' | undefined) ?? 'silent', destination: process.stderr });
}

/** A logger whose lines a test can read back. */
export function capturingLogger(level: 'info' | 'debug' = 'info'): {
  logger: Logger;
  lines: () => Record<string, unknown>[];
} {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    }
  });
  return {
    logger: createLogger({ level, destination }),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
  };
}

/** Polls until check() returns a truthy value, or fails after timeoutMs with the last value seen. */
export async function eventually<T>(
  check: () => Promise<T> | T,
  timeoutMs = 20_000,
  what = 'condition'
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}${lastError ? `; last error: ${String(lastError)}` : ''}`
  );
}
export * from './service-config.ts';
