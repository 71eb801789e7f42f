import type { Config } from '../config/platform-config.ts';
import type { Database } from './database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

/**
 * The database of one service, `{service}_service`, created on first start. There is one adapter (DESIGN §1):
 * `config.postgres` is the configured server, or the embedded one the program started before any service.
 */
export async function openDatabase(config: Pick<Config, 'postgres'>, service: string): Promise<Database> {
  if (!config.postgres) {
    throw new Error(
      `the ${service} service has no PostgreSQL: set POSTGRES_HOST, or start the embedded server first (bin/style-flow.ts does)`
    );
  }
  return openPostgresDatabase(config.postgres, `${service}_service${config.postgres.databaseSuffix ?? ''}`);
}
