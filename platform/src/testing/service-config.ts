import pg from 'pg';
import { loadConfig, type LoadedConfig } from '../config/load-config.ts';
import type { Config, PostgresConfig } from '../config/platform-config.ts';
import type { ServiceDefinition } from '../service/service-definition.ts';
import { dropDatabases } from './backends.ts';
import { testPostgres } from './embedded-server.ts';
import { kafkaBrokersFromEnv, postgresFromEnv, redisUrlFromEnv, uniqueName } from './test-env.ts';

export interface TestServiceConfig {
  config: Readonly<Config>;
  /** Each service's own settings, for the services passed in. */
  settings: LoadedConfig['settings'];
  /** The environment it was made from, to start the program with the same settings. */
  env: Record<string, string>;
  /** Drops the databases of this config (`{service}_service{suffix}`). */
  cleanup(): Promise<void>;
}

/**
 * The config of services under test: their own databases (a unique suffix on the run's PostgreSQL server: the one
 * POSTGRES_HOST names, else the run's embedded server), their own topics (a unique prefix) and consumer groups, so
 * tests never see each other's state. 'embedded' uses the in-process bus and memory for the gateway; 'real' uses
 * Kafka and Redis (when set) as well as the configured PostgreSQL.
 */
export function testConfig(
  backend: 'embedded' | 'real',
  overrides: Record<string, string> = {},
  services: readonly ServiceDefinition[] = []
): TestServiceConfig {
  const suffix = `_${uniqueName('t')}`;
  const server: PostgresConfig = backend === 'embedded' ? testPostgres() : postgresFromEnv()!;
  const env: Record<string, string> = {
    ENVIRONMENT: 'test',
    LOG_LEVEL: 'silent',
    KAFKA_GROUP_ID: uniqueName('test'),
    CONSUMER_RETRY_BASE_MS: '20',
    CONSUMER_MAX_ATTEMPTS: '3',
    REDIS_PREFIX: `${uniqueName('t')}:`,
    POSTGRES_HOST: server.host,
    POSTGRES_PORT: String(server.port),
    POSTGRES_USER: server.user,
    POSTGRES_PASSWORD: server.password,
    POSTGRES_DB_SUFFIX: suffix
  };
  if (backend === 'real') {
    Object.assign(env, {
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
      // The databases of this config only: never those of a server's own stacks (no suffix).
      const { databaseSuffix, ...used } = loaded.config.postgres!;
      if (!databaseSuffix) return;
      const admin = new pg.Client({
        host: used.host,
        port: used.port,
        user: used.user,
        password: used.password,
        database: 'postgres'
      });
      await admin.connect();
      let names: string[];
      try {
        const { rows } = await admin.query<{ datname: string }>(
          'select datname from pg_database where datname like $1',
          [`%\\_service${databaseSuffix.replaceAll('_', '\\_')}`]
        );
        names = rows.map((r) => r.datname);
      } finally {
        await admin.end();
      }
      await dropDatabases(used, names);
    }
  };
}
