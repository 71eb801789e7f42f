import pg from 'pg';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import type { Config } from '../config/platform-config.ts';
import type { ServiceDefinition } from '../service/service-definition.ts';
import { kafkaBrokersFromEnv, postgresFromEnv, redisUrlFromEnv, uniqueName } from './test-env.ts';

export interface TestServiceConfig {
  config: Readonly<Config>;
  /** Each service's own settings, for the services passed in. */
  settings: LoadedConfig['settings'];
  /** The environment it was made from, to start the program with the same settings. */
  env: Record<string, string>;
  /** Drops the PostgreSQL databases of this config (nothing to do for the in-memory PGlite). */
  cleanup(): Promise<void>;
}

/**
 * The config of services under test: their own databases (PGlite in memory, or PostgreSQL databases with
 * a unique suffix), their own topics (a unique prefix) and consumer groups, so tests never see each other's state.
 */
export function testConfig(
  backend: 'embedded' | 'real',
  overrides: Record<string, string> = {},
  services: readonly ServiceDefinition[] = []
): TestServiceConfig {
  const suffix = `_${uniqueName('t')}`;
  const env: Record<string, string> = {
    ENVIRONMENT: 'test',
    LOG_LEVEL: 'silent',
    KAFKA_GROUP_ID: uniqueName('test'),
    CONSUMER_RETRY_BASE_MS: '20',
    CONSUMER_MAX_ATTEMPTS: '3',
    REDIS_PREFIX: `${uniqueName('t')}:`
  };
  const pgConfig = postgresFromEnv();
  if (backend === 'embedded') {
    env.DATA_DIR = 'memory://';
  } else {
    Object.assign(env, {
      POSTGRES_HOST: pgConfig!.host,
      POSTGRES_PORT: String(pgConfig!.port),
      POSTGRES_USER: pgConfig!.user,
      POSTGRES_PASSWORD: pgConfig!.password,
      POSTGRES_DB_SUFFIX: suffix,
      ...(redisUrlFromEnv() ? { REDIS_URL: redisUrlFromEnv()! } : {}),
      KAFKA_BOOTSTRAP_SERVERS: kafkaBrokersFromEnv()!.join(','),
      KAFKA_TOPIC_PREFIX: `${uniqueName('t')}.`
    });
  }
  Object.assign(env, overrides);
  const loaded = loadConfig(env, services);
  return {
    config: loaded.config,
    settings: loaded.settings,
    env,
    async cleanup() {
      if (backend === 'embedded' || !pgConfig) return;
      const admin = new pg.Client({
        host: pgConfig.host,
        port: pgConfig.port,
        user: pgConfig.user,
        password: pgConfig.password,
        database: 'postgres'
      });
      await admin.connect();
      const { rows } = await admin.query<{ datname: string }>('select datname from pg_database where datname like $1', [
        `%\\_service${suffix.replaceAll('_', '\\_')}`
      ]);
      for (const r of rows) await admin.query(`drop database if exists ${pg.escapeIdentifier(r.datname)} with (force)`);
      await admin.end();
    }
  };
}
