// The keys every service shares: environment, logging, listening, PostgreSQL, Kafka, the token key and the
// messaging knobs. A service's own keys live beside it (e.g. services/event/src/event-config.ts).
import { defineConfig, key, type ConfigValues } from './config-key.ts';
import {
  toTracingConfig,
  tracingChecks,
  tracingProblems,
  type OtlpProtocol,
  type SamplerName,
  type TracingConfig,
  type TracingValues
} from '../observability/tracing-config.ts';

export type Environment = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** auto: readable lines at a terminal, JSON otherwise. */
export type LogFormatSetting = 'auto' | 'json' | 'pretty';

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
    logFormat: key.oneOf<LogFormatSetting>(
      'LOG_FORMAT',
      'auto',
      ['auto', 'json', 'pretty'],
      'json (one object per line), pretty (readable, coloured at a terminal) or auto: pretty when stdout is a terminal, else json'
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
    serviceCallTimeoutMs: key.int(
      'SERVICE_CALL_TIMEOUT_MS',
      3000,
      100,
      60_000,
      'how long a service waits for an instance of another service it calls before trying the next one (503 when none answers)'
    ),
    shutdownTimeoutMs: key.int(
      'SHUTDOWN_TIMEOUT_MS',
      10000,
      100,
      600000,
      'how long SIGTERM waits for requests and consumers to finish'
    ),
    // OpenTelemetry (SPEC §4): the standard variables, read here like every other key and passed down.
    otelEndpoint: key.optional(
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTLP/HTTP collector (http://jaeger:4318); spans go to its /v1/traces. Unset (and no traces endpoint): no tracing at all',
      tracingChecks.url
    ),
    otelTracesEndpoint: key.optional(
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'the full traces URL, used as given; wins over OTEL_EXPORTER_OTLP_ENDPOINT',
      tracingChecks.url
    ),
    otelProtocol: key.oneOf<OtlpProtocol>(
      'OTEL_EXPORTER_OTLP_PROTOCOL',
      'http/protobuf',
      ['http/protobuf', 'http/json'],
      'http/protobuf or http/json'
    ),
    otelTracesProtocol: key.optional(
      'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
      'the protocol of traces, when it differs from OTEL_EXPORTER_OTLP_PROTOCOL',
      tracingChecks.protocol
    ),
    otelHeaders: key.optional(
      'OTEL_EXPORTER_OTLP_HEADERS',
      'key=value,… sent with every export (values percent-encoded); never logged',
      tracingChecks.keyValues
    ),
    otelTracesHeaders: key.optional(
      'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
      'more headers for the traces export; win over OTEL_EXPORTER_OTLP_HEADERS',
      tracingChecks.keyValues
    ),
    otelTimeoutMs: key.int('OTEL_EXPORTER_OTLP_TIMEOUT', 10000, 1, 600000, 'ms one export may take'),
    otelTracesTimeoutMs: key.optional(
      'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
      'ms one traces export may take, when it differs from OTEL_EXPORTER_OTLP_TIMEOUT',
      tracingChecks.milliseconds
    ),
    otelCompression: key.oneOf<'gzip' | 'none'>(
      'OTEL_EXPORTER_OTLP_COMPRESSION',
      'none',
      ['gzip', 'none'],
      'gzip or none'
    ),
    otelTracesCompression: key.optional(
      'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION',
      'gzip or none for traces, when it differs from OTEL_EXPORTER_OTLP_COMPRESSION',
      tracingChecks.compression
    ),
    otelSampler: key.oneOf<SamplerName>(
      'OTEL_TRACES_SAMPLER',
      'parentbased_always_on',
      [
        'always_on',
        'always_off',
        'traceidratio',
        'parentbased_always_on',
        'parentbased_always_off',
        'parentbased_traceidratio'
      ],
      "which traces are kept: always_on, always_off, traceidratio, or parentbased_… (follow the caller's choice)"
    ),
    otelSamplerArg: key.optional(
      'OTEL_TRACES_SAMPLER_ARG',
      'the share of new traces the ratio samplers keep, 0 to 1 (default: 1)',
      tracingChecks.ratio
    ),
    otelResourceAttributes: key.optional(
      'OTEL_RESOURCE_ATTRIBUTES',
      "key=value,… added to every span's resource (deployment.environment.name=…); service.name is always the service's own",
      tracingChecks.keyValues
    ),
    otelSdkDisabled: key.oneOf<'true' | 'false'>(
      'OTEL_SDK_DISABLED',
      'false',
      ['true', 'false'],
      'true: no tracing, whatever else is set'
    ),
    otelTracesExporter: key.oneOf<'otlp' | 'none'>(
      'OTEL_TRACES_EXPORTER',
      'otlp',
      ['otlp', 'none'],
      'otlp, or none for no tracing'
    ),
    otelBspScheduleDelayMs: key.int('OTEL_BSP_SCHEDULE_DELAY', 5000, 1, 600000, 'ms between two exports of spans'),
    otelBspExportTimeoutMs: key.int(
      'OTEL_BSP_EXPORT_TIMEOUT',
      30000,
      1,
      600000,
      'ms a batch of spans may take to export'
    ),
    otelBspMaxQueueSize: key.int(
      'OTEL_BSP_MAX_QUEUE_SIZE',
      2048,
      1,
      1_000_000,
      'spans a service keeps waiting for export; more are dropped'
    ),
    otelBspMaxExportBatchSize: key.int(
      'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
      512,
      1,
      1_000_000,
      'most spans in one export (at most OTEL_BSP_MAX_QUEUE_SIZE)'
    )
  },
  (v) => {
    if (v.environment === 'production' && v.jwtSecret === DEFAULT_JWT_SECRET) {
      return ['JWT_SECRET_KEY must be set in production (the default development secret is refused)'];
    }
    if (v.environment === 'production' && v.jwtSecret.length < 32) {
      return ['JWT_SECRET_KEY must be at least 32 characters in production'];
    }
    return tracingProblems({
      bspMaxQueueSize: v.otelBspMaxQueueSize,
      bspMaxExportBatchSize: v.otelBspMaxExportBatchSize
    });
  }
);

/** The shared configuration every service receives, frozen. */
export interface Config {
  environment: Environment;
  logLevel: LogLevel;
  logFormat: LogFormatSetting;
  host: string;
  metricsPort: number;
  /** Every service's port, by name (from the service registry's port keys). */
  ports: Readonly<Record<string, number>>;
  /**
   * Every service's instances, by name, as its callers (the gateway, other services) reach them: the registry
   * entry's URL key, or this host at the service's port.
   */
  urls: Readonly<Record<string, readonly string[]>>;
  serviceCallTimeoutMs: number;
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
  /** Set: spans are exported over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT). Null: no tracing, and no cost for it. */
  tracing: Readonly<TracingConfig> | null;
}

type PlatformValues = ConfigValues<typeof platformKeys.keys>;

function tracingValues(v: PlatformValues): TracingValues {
  return {
    endpoint: v.otelEndpoint,
    tracesEndpoint: v.otelTracesEndpoint,
    protocol: v.otelProtocol,
    tracesProtocol: v.otelTracesProtocol,
    headers: v.otelHeaders,
    tracesHeaders: v.otelTracesHeaders,
    timeoutMs: v.otelTimeoutMs,
    tracesTimeoutMs: v.otelTracesTimeoutMs,
    compression: v.otelCompression,
    tracesCompression: v.otelTracesCompression,
    sampler: v.otelSampler,
    samplerArg: v.otelSamplerArg,
    resourceAttributes: v.otelResourceAttributes,
    sdkDisabled: v.otelSdkDisabled,
    exporter: v.otelTracesExporter,
    bspScheduleDelayMs: v.otelBspScheduleDelayMs,
    bspExportTimeoutMs: v.otelBspExportTimeoutMs,
    bspMaxQueueSize: v.otelBspMaxQueueSize,
    bspMaxExportBatchSize: v.otelBspMaxExportBatchSize
  };
}

export function toConfig(
  v: PlatformValues,
  ports: Record<string, number>,
  urls: Record<string, readonly string[]>
): Config {
  return {
    environment: v.environment,
    logLevel: v.logLevel,
    logFormat: v.logFormat,
    host: v.host,
    metricsPort: v.metricsPort,
    ports,
    urls,
    serviceCallTimeoutMs: v.serviceCallTimeoutMs,
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
    shutdownTimeoutMs: v.shutdownTimeoutMs,
    tracing: toTracingConfig(tracingValues(v))
  };
}
