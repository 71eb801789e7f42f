import type { Config, Database, Logger, OutboxEntry, Queryable } from '@style-flow/platform';

export interface UserContext {
  db: Database;
  config: Readonly<Config>;
  logger: Logger;
  emit(tx: Queryable, entries: readonly OutboxEntry[]): Promise<void>;
}
