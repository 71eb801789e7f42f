// Fresh isolated databases and transports on each backend this run has.
import pg from 'pg';
import type { Database } from '../db/database.ts';
import { openPgliteDatabase } from '../db/pglite-database.ts';
import { openPostgresDatabase } from '../db/postgres-database.ts';
import { createKafkaTransport } from '../messaging/kafka-transport.ts';
import { createMemoryTransport } from '../messaging/memory-transport.ts';
import type { Transport } from '../messaging/transport.ts';
import type { Logger } from '../observability/logger.ts';
import { quietLogger } from './loggers.ts';
import { kafkaBrokersFromEnv, postgresFromEnv, skipUnless, uniqueName } from './test-env.ts';

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
