import { createAuthenticator } from '../auth/authenticator.ts';
import { createPrincipalTable } from '../auth/principal-table.ts';
import { principalHandlers } from '../auth/principal-handlers.ts';
import { createPeers } from '../calls/peers.ts';
import type { Database } from '../db/database.ts';
import { migrate, platformMigrations, readMigrations } from '../db/migrate.ts';
import { openDatabase } from '../db/open-database.ts';
import { createHttpServer, type HttpServer } from '../http/create-server.ts';
import { createListCursors } from '../http/pagination.ts';
import { createCloser } from '../lifecycle/closer.ts';
import { sleep } from '../lifecycle/timers.ts';
import type { Component } from '../lifecycle/component.ts';
import { createEventConsumer, type EventConsumer, type EventHandler } from '../messaging/event-consumer.ts';
import { enqueueEvents } from '../messaging/outbox.ts';
import { createOutboxRelay } from '../messaging/outbox-relay.ts';
import { messageSpans } from '../messaging/message-spans.ts';
import { traceDatabase } from '../observability/traced-database.ts';
import { createTracing } from '../observability/tracing.ts';
import type { Logger } from '../observability/logger.ts';
import { createServiceMetrics } from '../observability/metrics.ts';
import type { ServiceContext } from './service-context.ts';
import type { ServiceDeps, ServiceHandle } from './service-definition.ts';

/** How long a start waits for the principals' reader to catch up before it goes on unready. */
const CATCH_UP_WAIT_MS = 20_000;
const CATCH_UP_POLL_MS = 50;

export interface ServiceRuntime {
  ctx: ServiceContext;
  app: HttpServer;
  /**
   * Takes a long-lived part the factory has just made (the auth service's password hashers) into the service's
   * lifecycle: started and stopped with the service (after its consumers, before its database), and closed if the
   * service fails to come up. Returns the part, to be used at once.
   */
  part<P extends Component>(part: P): P;
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
 * authenticator, and the handlers that keep revocations and current roles, always mounted. What it opens is
 * recorded in deps.opened (createService closes it if the factory fails), and closed here if it fails itself.
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
  const opened = deps.opened ?? createCloser();
  // Opened first, so closed last: what the service does until its database closes is still exported.
  const tracing = await createTracing({
    service: `${name}-service`,
    version: deps.version,
    config: config.tracing,
    logger
  });
  const closeTracing = opened.add(`${name}-tracing`, () => tracing.shutdown());
  const raw = await openDatabase(config, name).catch(async (error: unknown) => {
    await closeTracing();
    throw error;
  });
  const db = tracing.enabled && config.postgres ? traceDatabase(raw, tracing, config.postgres) : raw;
  const closeDatabase = opened.add(`${name}-database`, () => db.close());
  const spans = messageSpans(tracing, transport.kind === 'kafka' ? 'kafka' : 'in_process');
  const principals = createPrincipalTable({ db, logger, name });
  const auth = createAuthenticator({ secret: config.jwt.secret, principals });
  // The reader of the principals' topics (made with the service's consumers): until it has applied what those topics
  // held at start, a session ended while this process was down may still be unknown to it, so it is not ready.
  let principalFeed: EventConsumer | undefined;
  const principalsCurrent = async () => principals.live && (await principalFeed?.caughtUp()) !== false;
  let app: HttpServer;
  let stopPrincipals = async (): Promise<void> => undefined;
  try {
    await migrateDatabase(db, name, migrationsDir, logger);
    // Loaded before the server listens: no request is ever authenticated against an empty table.
    await principals.start();
    stopPrincipals = opened.add(principals.name, () => principals.stop());
    app = await createHttpServer({
      service: name,
      version: deps.version,
      logger,
      metrics,
      auth,
      tracing,
      // The edge (the gateway) believes no X-Forwarded-For; the services behind it believe the gateway's.
      trustedProxies: options.edge ? [] : config.trustedProxies,
      readiness: async () => {
        const database = await db.query('select 1').then(
          () => true,
          () => false
        );
        return {
          database,
          [transport.kind === 'kafka' ? 'kafka' : 'event_bus']: await transport.isReachable(),
          principals: await principalsCurrent()
        };
      }
    });
  } catch (error) {
    await opened.close().catch((failure: unknown) => logger.error({ err: failure }, 'closing the database failed'));
    throw error;
  }
  const closeHttp = opened.add(`${name}-http`, () => app.close());
  const parts: Component[] = [];
  const port = config.ports[name] ?? 0;
  const peers = createPeers({ urls: config.urls, timeoutMs: config.serviceCallTimeoutMs, logger });
  parts.push({ name: peers.name, start: () => peers.start(), stop: opened.add(`${name}-peers`, () => peers.stop()) });
  const ctx: ServiceContext = {
    name,
    config,
    db,
    logger,
    metrics,
    auth,
    cursors: createListCursors(config.jwt.secret, name),
    peers,
    tracing,
    emit: async (tx, entries) => {
      await enqueueEvents(tx, name, entries, spans);
    }
  };

  return {
    ctx,
    app,
    part(part) {
      const stop = opened.add(part.name, () => part.stop());
      parts.push({ name: part.name, start: () => part.start(), stop });
      return part;
    },
    handle(handlers, workers = []) {
      const group = `${config.kafkaGroupId}.${name}`;
      const consuming = {
        service: name,
        db,
        transport,
        logger,
        metrics,
        maxAttempts: config.consumerMaxAttempts,
        retryBaseMs: config.consumerRetryBaseMs,
        spans
      };
      return {
        name,
        workers,
        parts,
        metrics: metrics.registry,
        release: () => opened.close(),
        http: {
          name: `${name}-http`,
          async start() {
            await app.listen({ host: config.host, port });
          },
          stop: closeHttp
        },
        relay: createOutboxRelay({
          service: name,
          db,
          transport,
          logger,
          metrics,
          pollIntervalMs: config.outboxPollIntervalMs,
          spans
        }),
        consumer: consumers([
          // What every service must know of its callers gets its own group: a logout or a deactivation never
          // waits behind the service's own backlog (SPEC §2), however busy its topics are.
          (principalFeed = createEventConsumer({
            ...consuming,
            group: `${group}.principals`,
            handlers: principalHandlers()
          })),
          createEventConsumer({ ...consuming, group, handlers }),
          caughtUpWith(principalFeed, logger)
        ]),
        database: {
          name: `${name}-database`,
          async start() {},
          async stop() {
            try {
              // Its listening connection first: left open, it was cut when the server stopped, and said so.
              await stopPrincipals().finally(closeDatabase);
            } finally {
              await closeTracing();
            }
          }
        }
      };
    }
  };
}

/** The platform's migrations and the service's own, in one run. */
async function migrateDatabase(db: Database, name: string, migrationsDir: URL, logger: Logger): Promise<void> {
  const applied = await migrate(db, [...(await platformMigrations()), ...(await readMigrations(migrationsDir, name))]);
  if (applied.length > 0) logger.info({ migrations: applied, database: db.name }, 'applied migrations');
}

/**
 * A start step that waits, bounded, until the principals' reader has caught up, so the HTTP phase after it opens
 * with every session that ended while the process was down already refused. Past the bound (the broker unreachable,
 * say) the process starts anyway and stays unready (`/ready`) until the reader has caught up.
 */
function caughtUpWith(feed: EventConsumer, logger: Logger): Component {
  return {
    name: `${feed.name}-caught-up`,
    async start() {
      const started = performance.now();
      while (performance.now() - started < CATCH_UP_WAIT_MS) {
        if (await feed.caughtUp()) {
          logger.debug({ ms: Math.round(performance.now() - started) }, 'principals caught up');
          return;
        }
        await sleep(CATCH_UP_POLL_MS);
      }
      logger.warn(
        { waitedMs: CATCH_UP_WAIT_MS },
        'principals have not caught up with their topics yet; not ready until they have'
      );
    },
    async stop() {}
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
