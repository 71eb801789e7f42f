// The keys every service shares: environment, logging, listening, PostgreSQL, Kafka, the token key and the
// messaging knobs. A service's own keys live beside it (e.g. services/event/src/event-config.ts).
import { defineConfig, key, type ConfigValues } from './config-key.ts';

export type Environment = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export const DEFAULT_JWT_SECRET = 'style-flow-development-secret-change-me';

export interface PostgresConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  poolMax: number;
  /** Appended to every database name, so several stacks (or test runs) can share one server. */
  databaseSuffix?: string;
}

const hostPort = (item: string) => (/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(item) ? null : 'is not host:port');

export const platformKeys = defineConfig(
  {
    environment: key.oneOf<Environment>(
      'ENVIRONMENT',
      'development',
      ['development', 'test', 'production'],
      'development, test or production; production refuses the default JWT secret'
    ),
    logLevel: key.oneOf<LogLevel>(
      'LOG_LEVEL',
      'info',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'fatal, error, warn, info, debug, trace or silent (any case)'
    ),
    host: key.string('HOST', '127.0.0.1', 'address the HTTP servers listen on (0.0.0.0 in a container)'),
    metricsPort: key.int(
      'METRICS_PORT',
      0,
      0,
      65535,
      'port of a listener serving /metrics of every service of the process without a token, for Prometheus; keep it off the public network. 0: none (then /metrics answers staff tokens only)'
    ),
    postgresHost: key.optional(
      'POSTGRES_HOST',
      'PostgreSQL host; unset: the embedded PostgreSQL server under DATA_DIR'
    ),
    postgresPort: key.int('POSTGRES_PORT', 5432, 1, 65535, 'PostgreSQL port'),
    postgresUser: key.string('POSTGRES_USER', 'postgres', 'PostgreSQL user (needs CREATEDB for the first start)'),
    postgresPassword: key.string('POSTGRES_PASSWORD', '', 'PostgreSQL password'),
    postgresPoolMax: key.int('POSTGRES_POOL_MAX', 10, 1, 1000, 'connections per service pool'),
    postgresDbSuffix: key.string(
      'POSTGRES_DB_SUFFIX',
      '',
      'appended to each database name ({service}_service{suffix}), so several stacks can share one server',
      { test: /^[a-z0-9_]*$/, says: 'may hold only a-z, 0-9 and _' }
    ),
    dataDir: key.string('DATA_DIR', './data', 'where the embedded PostgreSQL server keeps its data'),
    embeddedPostgresPort: key.int(
      'EMBEDDED_POSTGRES_PORT',
      0,
      0,
      65535,
      'port of the embedded PostgreSQL server on 127.0.0.1; 0: a free one'
    ),
    kafkaBrokers: key.list(
      'KAFKA_BOOTSTRAP_SERVERS',
      '',
      'comma-separated host:port list; unset: the in-process event bus',
      hostPort
    ),
    kafkaGroupId: key.string(
      'KAFKA_GROUP_ID',
      'style-flow',
      "prefix of consumer groups: ${KAFKA_GROUP_ID}.{service}, and .{service}.principals for the callers' sessions and roles"
    ),
    kafkaTopicPrefix: key.string(
      'KAFKA_TOPIC_PREFIX',
      '',
      'put before every topic name, so several stacks can share one Kafka cluster',
      { test: /^[A-Za-z0-9._-]*$/, says: "may hold only letters, digits, '.', '_' and '-'" }
    ),
    jwtSecret: key.string(
      'JWT_SECRET_KEY',
      DEFAULT_JWT_SECRET,
      'HS256 key for access tokens, at least 32 characters in production'
    ),
    trustedProxies: key.list(
      'TRUSTED_PROXIES',
      'loopback',
      "addresses (or loopback, uniquelocal) whose X-Forwarded-For the services believe: the gateway's"
    ),
    consumerMaxAttempts: key.int(
      'CONSUMER_MAX_ATTEMPTS',
      5,
      1,
      100,
      'tries of a failing event before it goes to <topic>.dlq'
    ),
    consumerRetryBaseMs: key.int(
      'CONSUMER_RETRY_BASE_MS',
      200,
      1,
      60000,
      'first retry delay of a failing event; doubles each try'
    ),
    outboxPollIntervalMs: key.int(
      'OUTBOX_POLL_INTERVAL_MS',
      1000,
      10,
      600000,
      'outbox relay safety poll (it also wakes on every commit)'
    ),
    shutdownTimeoutMs: key.int(
      'SHUTDOWN_TIMEOUT_MS',
      10000,
      100,
      600000,
      'how long SIGTERM waits for requests and consumers to finish'
    )
  },
  (v) => {
    if (v.environment === 'production' && v.jwtSecret === DEFAULT_JWT_SECRET) {
      return ['JWT_SECRET_KEY must be set in production (the default development secret is refused)'];
    }
    if (v.environment === 'production' && v.jwtSecret.length < 32) {
      return ['JWT_SECRET_KEY must be at least 32 characters in production'];
    }
    return [];
  }
);

/** The shared configuration every service receives, frozen. */
export interface Config {
  environment: Environment;
  logLevel: LogLevel;
  host: string;
  metricsPort: number;
  /** Every service's port, by name (from the service registry's port keys). */
  ports: Readonly<Record<string, number>>;
  /** Set: real PostgreSQL. Unset until the program has started the embedded server under dataDir. */
  postgres: Readonly<PostgresConfig> | null;
  dataDir: string;
  embeddedPostgresPort: number;
  /** Set: Apache Kafka. Unset: the in-process bus. */
  kafka: Readonly<{ brokers: string[]; groupId: string; topicPrefix: string }> | null;
  kafkaGroupId: string;
  jwt: Readonly<{ secret: string }>;
  /** Addresses whose X-Forwarded-For is believed (the gateway's), as proxy-addr understands them. */
  trustedProxies: string[];
  consumerMaxAttempts: number;
  consumerRetryBaseMs: number;
  outboxPollIntervalMs: number;
  shutdownTimeoutMs: number;
}

export function toConfig(v: ConfigValues<typeof platformKeys.keys>, ports: Record<string, number>): Config {
  return {
    environment: v.environment,
    logLevel: v.logLevel,
    host: v.host,
    metricsPort: v.metricsPort,
    ports,
    postgres:
      v.postgresHost === null
        ? null
        : {
            host: v.postgresHost,
            port: v.postgresPort,
            user: v.postgresUser,
            password: v.postgresPassword,
            poolMax: v.postgresPoolMax,
            databaseSuffix: v.postgresDbSuffix
          },
    dataDir: v.dataDir,
    embeddedPostgresPort: v.embeddedPostgresPort,
    kafka:
      v.kafkaBrokers.length > 0
        ? { brokers: v.kafkaBrokers, groupId: v.kafkaGroupId, topicPrefix: v.kafkaTopicPrefix }
        : null,
    kafkaGroupId: v.kafkaGroupId,
    jwt: { secret: v.jwtSecret },
    trustedProxies: v.trustedProxies,
    consumerMaxAttempts: v.consumerMaxAttempts,
    consumerRetryBaseMs: v.consumerRetryBaseMs,
    outboxPollIntervalMs: v.outboxPollIntervalMs,
    shutdownTimeoutMs: v.shutdownTimeoutMs
  };
}
