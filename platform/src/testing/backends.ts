// Fresh isolated databases and transports on each backend this run has.
import pg from 'pg';
import type { PostgresConfig } from '../config/platform-config.ts';
import type { Database } from '../db/database.ts';
import { openPostgresDatabase } from '../db/postgres-database.ts';
import { createKafkaTransport } from '../messaging/kafka-transport.ts';
import { createMemoryTransport } from '../messaging/memory-transport.ts';
import type { Transport } from '../messaging/transport.ts';
import type { Logger } from '../observability/logger.ts';
import { embeddedTestPostgres, testPostgres } from './embedded-server.ts';
import { quietLogger } from './loggers.ts';
import { kafkaBrokersFromEnv, postgresFromEnv, skipUnless, uniqueName } from './test-env.ts';

export interface TestDatabase extends Database {
  /** Closes and drops the database. */
  destroy(): Promise<void>;
}

export interface DatabaseBackend {
  name: 'embedded' | 'postgres';
  skip: string | false;
  open(): Promise<TestDatabase>;
}

/**
 * The database servers a suite runs its cases on, each giving fresh databases: the run's embedded server (when
 * POSTGRES_HOST is unset) and the configured PostgreSQL. Both go through the same adapter, so with POSTGRES_HOST set
 * the cases run once, on that server.
 */
export function databaseBackends(): DatabaseBackend[] {
  const pgConfig = postgresFromEnv();
  return [
    {
      name: 'embedded',
      skip: pgConfig ? 'POSTGRES_HOST is set: the same cases run on that server (the postgres backend)' : false,
      open: () => openFreshDatabase(embeddedTestPostgres())
    },
    {
      name: 'postgres',
      skip: skipUnless(pgConfig !== null, 'PostgreSQL'),
      open: () => openFreshDatabase(pgConfig!)
    }
  ];
}

/** A fresh database on the run's server (POSTGRES_HOST's, else the embedded one), for a suite that needs one. */
export function openTestDatabase(): Promise<TestDatabase> {
  return openFreshDatabase(testPostgres());
}

async function openFreshDatabase(config: PostgresConfig): Promise<TestDatabase> {
  const name = `${uniqueName('test')}_service`;
  const db = await openPostgresDatabase(config, name);
  return Object.assign(db, {
    async destroy() {
      await db.close();
      await dropDatabases(config, [name]);
    }
  });
}

/** Drops databases of a test server, ending the sessions still open on them. */
export async function dropDatabases(config: PostgresConfig, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const admin = new pg.Client({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
    database: 'postgres'
  });
  await admin.connect();
  try {
    for (const name of names) await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  } finally {
    await admin.end();
  }
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
