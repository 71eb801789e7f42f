import { createAuthenticator } from '../auth/authenticator.ts';
import { principalHandlers } from '../auth/principal-handlers.ts';
import { migrate, platformMigrations, readMigrations } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { createHttpServer, type HttpServer } from '../http/create-server.ts';
import { createListCursors } from '../http/pagination.ts';
import type { Component } from '../lifecycle/component.ts';
import { createEventConsumer, type EventHandler } from '../messaging/event-consumer.ts';
import { enqueueEvents } from '../messaging/outbox.ts';
import { createOutboxRelay } from '../messaging/outbox-relay.ts';
import { createServiceMetrics } from '../observability/metrics.ts';
import type { ServiceContext } from './service-context.ts';
import type { ServiceDeps, ServiceHandle } from './service-definition.ts';

export interface ServiceRuntime {
  ctx: ServiceContext;
  app: HttpServer;
  /** Builds the handle once routes, handlers and background workers are in place. */
  handle(handlers: readonly EventHandler[], workers?: Component[]): ServiceHandle;
}

export interface RuntimeOptions {
  /** The gateway: believes no X-Forwarded-For, and parses no bodies of its own. */
  edge?: boolean;
}

/**
 * The platform's part of every service (DESIGN §2, the eShop "service defaults"): its database opened and
 * migrated, its metrics, its HTTP server with /health, /ready, /metrics (staff) and /openapi.json, its
 * authenticator, and the handlers that keep revocations and current roles, always mounted.
 */
export async function createServiceRuntime(
  deps: ServiceDeps,
  name: string,
  migrationsDir: URL,
  options: RuntimeOptions = {}
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
    if (applied.length > 0) logger.info({ migrations: applied, database: db.name }, 'applied migrations');
  } catch (error) {
    await db.close();
    throw error;
  }
  const auth = createAuthenticator({ secret: config.jwt.secret, db });
  const app = await createHttpServer({
    service: name,
    version: deps.version,
    logger,
    metrics,
    auth,
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
  const port = config.ports[name] ?? 0;
  const ctx: ServiceContext = {
    name,
    config,
    db,
    logger,
    metrics,
    auth,
    cursors: createListCursors(config.jwt.secret, name),
    emit: async (tx, entries) => {
      await enqueueEvents(tx, name, entries);
    }
  };

  return {
    ctx,
    app,
    handle(handlers, workers = []) {
      const group = `${config.kafkaGroupId}.${name}`;
      const consuming = {
        service: name,
        db,
        transport,
        logger,
        metrics,
        maxAttempts: config.consumerMaxAttempts,
        retryBaseMs: config.consumerRetryBaseMs
      };
      return {
        name,
        workers,
        metrics: metrics.registry,
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
        consumer: consumers([
          // What every service must know of its callers gets its own group: a logout or a deactivation never
          // waits behind the service's own backlog (SPEC §2), however busy its topics are.
          createEventConsumer({ ...consuming, group: `${group}.principals`, handlers: principalHandlers() }),
          createEventConsumer({ ...consuming, group, handlers })
        ]),
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

/** Several consumers started and stopped as one. */
function consumers(parts: readonly Component[]): Component {
  return {
    name: parts.map((p) => p.name).join(', '),
    async start() {
      for (const part of parts) await part.start();
    },
    async stop() {
      await Promise.all(parts.map((part) => part.stop()));
    }
  };
}
