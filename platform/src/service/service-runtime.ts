import type { Config } from '../config/config.ts';
import type { Database } from '../db/database.ts';
import { migrate, platformMigrations, readMigrations } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { createHttpServer, type HttpServer } from '../http/create-server.ts';
import type { Component } from '../lifecycle/component.ts';
import { createEventConsumer, type EventHandler } from '../messaging/event-consumer.ts';
import { enqueueEvents, type OutboxEntry } from '../messaging/outbox.ts';
import { createOutboxRelay, type OutboxRelay } from '../messaging/outbox-relay.ts';
import type { Transport } from '../messaging/transport.ts';
import type { Logger } from '../observability/logger.ts';
import { createServiceMetrics, type ServiceMetrics } from '../observability/metrics.ts';
import type { Queryable } from '../db/database.ts';

/** What the program hands every service: the frozen config, the process's transport, its logger. */
export interface ServiceDeps {
  config: Readonly<Config>;
  transport: Transport;
  logger: Logger;
  version: string;
  /** Collect process metrics (memory, event loop) in this service's registry: once per process. */
  processMetrics?: boolean;
}

/**
 * A running service in pieces, so the program can stop every service's HTTP first, then flush every
 * outbox, then let every consumer catch up, and close the databases last.
 */
export interface ServiceHandle {
  name: string;
  http: Component;
  relay: OutboxRelay;
  consumer: Component;
  /** Background work on the service's own data (the event service's hold sweeper): started after the relays. */
  workers: Component[];
  database: Component;
}

export interface ServiceRuntime {
  name: string;
  config: Readonly<Config>;
  db: Database;
  app: HttpServer;
  logger: Logger;
  metrics: ServiceMetrics;
  transport: Transport;
  /** Writes events into the outbox within the caller's transaction. */
  emit(tx: Queryable, entries: readonly OutboxEntry[]): Promise<void>;
  /** Builds the handle once routes, handlers and background workers are in place. */
  handle(handlers: readonly EventHandler[], workers?: Component[]): ServiceHandle;
}

/** Opens and migrates the service's database and builds its HTTP server with the platform routes. */
export async function createServiceRuntime(
  deps: ServiceDeps,
  name: string,
  migrationsDir: URL,
  options: { edge?: boolean } = {}
): Promise<ServiceRuntime> {
  const { config, transport } = deps;
  const logger = deps.logger.child({ service: `${name}-service` });
  const metrics = createServiceMetrics(`${name}-service`, { processMetrics: deps.processMetrics ?? false });
  const db = await openDatabase(config, name);
  try {
    const applied = await migrate(db, [
      ...(await platformMigrations()),
      ...(await readMigrations(migrationsDir, name))
    ]);
    if (applied.length > 0)
      logger.info({ migrations: applied, database: db.name, kind: db.kind }, 'applied migrations');
  } catch (error) {
    await db.close();
    throw error;
  }
  const app = await createHttpServer({
    service: name,
    version: deps.version,
    logger,
    metrics,
    // The edge (the gateway) believes no X-Forwarded-For; the services behind it believe the gateway's.
    trustedProxies: options.edge ? [] : config.trustedProxies,
    readiness: async () => {
      const database = await db.query('select 1').then(
        () => true,
        () => false
      );
      return { database, [transport.kind === 'kafka' ? 'kafka' : 'event_bus']: await transport.isReachable() };
    }
  });
  const port = config.ports[name as keyof Config['ports']];

  return {
    name,
    config,
    db,
    app,
    logger,
    metrics,
    transport,
    async emit(tx, entries) {
      await enqueueEvents(tx, name, entries);
    },
    handle(handlers, workers = []) {
      return {
        name,
        workers,
        http: {
          name: `${name}-http`,
          async start() {
            await app.listen({ host: config.host, port });
          },
          async stop() {
            await app.close();
          }
        },
        relay: createOutboxRelay({
          service: name,
          db,
          transport,
          logger,
          metrics,
          pollIntervalMs: config.outboxPollIntervalMs
        }),
        consumer: createEventConsumer({
          service: name,
          group: `${config.kafkaGroupId}.${name}`,
          db,
          transport,
          logger,
          metrics,
          handlers,
          maxAttempts: config.consumerMaxAttempts,
          retryBaseMs: config.consumerRetryBaseMs
        }),
        database: {
          name: `${name}-database`,
          async start() {},
          async stop() {
            await db.close();
          }
        }
      };
    }
  };
}
