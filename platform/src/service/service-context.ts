import type { Authenticator } from '../auth/authenticator.ts';
import type { Peers } from '../calls/peers.ts';
import type { Config } from '../config/platform-config.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { ListCursors } from '../http/pagination.ts';
import type { OutboxEntry } from '../messaging/outbox.ts';
import type { Logger } from '../observability/logger.ts';
import type { ServiceMetrics } from '../observability/metrics.ts';
import type { Tracing } from '../observability/tracing.ts';

/**
 * What every service's rules work with; a service's own context (`src/<name>-context.ts`) extends it with its
 * settings and ports to the outside.
 */
export interface ServiceContext {
  name: string;
  config: Readonly<Config>;
  db: Database;
  logger: Logger;
  metrics: ServiceMetrics;
  auth: Authenticator;
  /** Signs and checks the cursors of the service's lists, with a key every instance of the service shares. */
  cursors: ListCursors;
  /** Calls another service: an operation of contracts/src/http, to the instances its registry entry lists. */
  peers: Peers;
  /**
   * The service's OpenTelemetry spans: `tracing.clientSpan(name, attributes, call, parent?)` around a call to another
   * service (see Tracing). Off (enabled false) when no OTLP endpoint is configured.
   */
  tracing: Tracing;
  /** Writes events into the outbox within the caller's transaction. */
  emit(tx: Queryable, entries: readonly OutboxEntry[]): Promise<void>;
}
