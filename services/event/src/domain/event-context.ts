import type { Config, Database, Logger, OutboxEntry, Queryable } from '@style-flow/platform';

export interface EventContext {
  db: Database;
  config: Readonly<Config>;
  logger: Logger;
  emit(tx: Queryable, entries: readonly OutboxEntry[]): Promise<void>;
  /** How long a paid registration holds its seat while the payment is pending. */
  holdSeconds: number;
}
