import { join } from 'node:path';
import type { Config } from '../config/platform-config.ts';
import type { Database } from './database.ts';
import { openPgliteDatabase } from './pglite-database.ts';
import { openPostgresDatabase } from './postgres-database.ts';

/** The database of one service, `{service}_service`: PostgreSQL when configured, else PGlite on disk. */
export function openDatabase(config: Pick<Config, 'postgres' | 'dataDir'>, service: string): Promise<Database> {
  const name = `${service}_service`;
  if (config.postgres) return openPostgresDatabase(config.postgres, `${name}${config.postgres.databaseSuffix ?? ''}`);
  const dir = config.dataDir.startsWith('memory://') ? config.dataDir : join(config.dataDir, service);
  return openPgliteDatabase(dir, name);
}
