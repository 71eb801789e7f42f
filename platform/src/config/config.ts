// The whole configuration of a Style Flow process: every key, its default, its meaning and its check.
// Only bin/style-flow.ts hands process.env to loadConfig(); everything else receives the frozen result.

export type Environment = 'development' | 'test' | 'production';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface PostgresConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  poolMax: number;
  /** Appended to every database name, so several stacks (or test runs) can share one server. */
  databaseSuffix?: string;
}

export interface Config {
  environment: Environment;
  logLevel: LogLevel;
  host: string;
  ports: Readonly<Record<ServiceName, number>>;
  /** Set: real PostgreSQL. Unset: embedded PGlite under dataDir. */
  postgres: Readonly<PostgresConfig> | null;
  dataDir: string;
  /** Set: Apache Kafka. Unset: the in-process bus. */
  kafka: Readonly<{ brokers: string[]; groupId: string; topicPrefix: string }> | null;
  kafkaGroupId: string;
  redisUrl: string | null;
  /** Put before every Redis key, so several stacks can share one Redis. */
  redisPrefix: string;
  jwt: Readonly<{ secret: string; accessTtlSeconds: number; refreshTtlSeconds: number }>;
  admin: Readonly<{ email: string; password: string }> | null;
  upstreams: Readonly<Record<Exclude<ServiceName, 'gateway'>, readonly string[]>>;
  gateway: Readonly<{
    upstreamTimeoutMs: number;
    healthIntervalMs: number;
    rateLimitPerMinute: number;
    authRateLimitPerMinute: number;
    cacheTtlSeconds: number;
  }>;
  /** Addresses whose X-Forwarded-For is believed (the gateway's), as proxy-addr understands them. */
  trustedProxies: string[];
  /** How long a paid registration holds its seat, and how often expired holds are looked for. */
  registrations: Readonly<{ holdSeconds: number; holdSweepIntervalMs: number }>;
  consumerMaxAttempts: number;
  consumerRetryBaseMs: number;
  outboxPollIntervalMs: number;
  shutdownTimeoutMs: number;
}

export const serviceNames = ['gateway', 'auth', 'user', 'event', 'resource', 'client', 'payment'] as const;
export type ServiceName = (typeof serviceNames)[number];

export const DEFAULT_JWT_SECRET = 'style-flow-development-secret-change-me';

type Env = Readonly<Record<string, string | undefined>>;

export interface ConfigKey {
  name: string;
  default: string;
  description: string;
}

const defaultPorts: Record<ServiceName, number> = {
  gateway: 8080,
  auth: 8081,
  user: 8082,
  event: 8083,
  resource: 8084,
  client: 8085,
  payment: 8086
};

function portKey(service: ServiceName): string {
  return service === 'gateway' ? 'GATEWAY_PORT' : `${service.toUpperCase()}_SERVICE_PORT`;
}

function urlsKey(service: ServiceName): string {
  return `${service.toUpperCase()}_SERVICE_URLS`;
}

/** Every key the process reads, for the README and `style-flow --help`. */
export const configKeys: readonly ConfigKey[] = [
  {
    name: 'ENVIRONMENT',
    default: 'development',
    description: 'development, test or production; production refuses the default JWT secret'
  },
  { name: 'LOG_LEVEL', default: 'info', description: 'fatal, error, warn, info, debug, trace or silent' },
  { name: 'HOST', default: '127.0.0.1', description: 'address the HTTP servers listen on (0.0.0.0 in a container)' },
  ...serviceNames.map((s) => ({
    name: portKey(s),
    default: String(defaultPorts[s]),
    description: `port of the ${s} service`
  })),
  { name: 'POSTGRES_HOST', default: '', description: 'PostgreSQL host; empty: embedded PGlite under DATA_DIR' },
  { name: 'POSTGRES_PORT', default: '5432', description: 'PostgreSQL port' },
  { name: 'POSTGRES_USER', default: 'postgres', description: 'PostgreSQL user (needs CREATEDB for the first start)' },
  { name: 'POSTGRES_PASSWORD', default: '', description: 'PostgreSQL password' },
  { name: 'POSTGRES_POOL_MAX', default: '10', description: 'connections per service pool' },
  {
    name: 'POSTGRES_DB_SUFFIX',
    default: '',
    description: 'appended to each database name ({service}_service{suffix}), so several stacks can share one server'
  },
  { name: 'DATA_DIR', default: './data', description: 'where the embedded databases live (one folder per service)' },
  {
    name: 'KAFKA_BOOTSTRAP_SERVERS',
    default: '',
    description: 'comma-separated host:port list; empty: the in-process event bus'
  },
  {
    name: 'KAFKA_GROUP_ID',
    default: 'style-flow',
    description: 'prefix of consumer groups: ${KAFKA_GROUP_ID}.{service}'
  },
  {
    name: 'KAFKA_TOPIC_PREFIX',
    default: '',
    description: 'put before every topic name, so several stacks can share one Kafka cluster'
  },
  { name: 'REDIS_URL', default: '', description: 'Redis for gateway rate limits and cache; empty: in memory' },
  {
    name: 'REDIS_PREFIX',
    default: 'style-flow:',
    description: 'put before every Redis key, so several stacks can share one Redis'
  },
  {
    name: 'JWT_SECRET_KEY',
    default: '(development secret)',
    description: 'HS256 key for access tokens, at least 32 characters in production'
  },
  { name: 'JWT_ACCESS_TOKEN_EXPIRES', default: '3600', description: 'access token lifetime, seconds' },
  { name: 'JWT_REFRESH_TOKEN_EXPIRES', default: '604800', description: 'refresh token lifetime, seconds' },
  {
    name: 'ADMIN_EMAIL',
    default: '',
    description: 'with ADMIN_PASSWORD: the admin account created at start when absent'
  },
  { name: 'ADMIN_PASSWORD', default: '', description: 'password of ADMIN_EMAIL' },
  ...serviceNames
    .filter((s) => s !== 'gateway')
    .map((s) => ({
      name: urlsKey(s),
      default: `http://127.0.0.1:${defaultPorts[s]}`,
      description: `gateway upstreams of the ${s} service, comma-separated`
    })),
  {
    name: 'GATEWAY_UPSTREAM_TIMEOUT_MS',
    default: '10000',
    description: 'how long the gateway waits for an upstream answer'
  },
  {
    name: 'GATEWAY_HEALTH_INTERVAL_MS',
    default: '5000',
    description: "how often the gateway checks each upstream instance's /health"
  },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    default: '600',
    description: 'requests per minute per user (or per client address without a token)'
  },
  {
    name: 'AUTH_RATE_LIMIT_PER_MINUTE',
    default: '20',
    description: 'login, register and reset-password requests per minute per client address'
  },
  {
    name: 'CACHE_TTL_SECONDS',
    default: '60',
    description: 'longest the gateway keeps a public GET when the service sets no max-age'
  },
  {
    name: 'TRUSTED_PROXIES',
    default: 'loopback',
    description: "addresses (or loopback, uniquelocal) whose X-Forwarded-For the services believe: the gateway's"
  },
  {
    name: 'REGISTRATION_HOLD_SECONDS',
    default: '1800',
    description: 'how long a registration for a paid event holds its seat waiting for payment.completed'
  },
  {
    name: 'HOLD_SWEEP_INTERVAL_MS',
    default: '5000',
    description: 'how often the event service releases holds that expired'
  },
  {
    name: 'CONSUMER_MAX_ATTEMPTS',
    default: '5',
    description: 'tries of a failing event before it goes to <topic>.dlq'
  },
  {
    name: 'CONSUMER_RETRY_BASE_MS',
    default: '200',
    description: 'first retry delay of a failing event; doubles each try'
  },
  {
    name: 'OUTBOX_POLL_INTERVAL_MS',
    default: '1000',
    description: 'outbox relay safety poll (it also wakes on every commit)'
  },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    description: 'how long SIGTERM waits for requests and consumers to finish'
  }
];

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('; '));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

class Reader {
  readonly problems: string[] = [];
  private readonly env: Env;
  constructor(env: Env) {
    this.env = env;
  }

  string(name: string, fallback: string): string {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? fallback : value.trim();
  }

  oneOf<T extends string>(name: string, fallback: T, allowed: readonly T[]): T {
    const value = this.string(name, fallback);
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}=${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
    return fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name, String(fallback));
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      this.problems.push(`${name}=${JSON.stringify(raw)} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  urls(name: string, fallback: string): string[] {
    const list = this.string(name, fallback)
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    for (const u of list) {
      if (!URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol))
        this.problems.push(`${name} has ${JSON.stringify(u)}, which is not an http(s) URL`);
    }
    return list;
  }
}

/** Reads and checks the environment; throws ConfigError listing every problem, one line each. */
export function loadConfig(env: Env): Readonly<Config> {
  const r = new Reader(env);
  const environment = r.oneOf<Environment>('ENVIRONMENT', 'development', ['development', 'test', 'production']);
  const logLevel = r.oneOf<LogLevel>('LOG_LEVEL', 'info', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent'
  ]);
  const ports = Object.fromEntries(
    serviceNames.map((s) => [s, r.int(portKey(s), defaultPorts[s], 0, 65535)])
  ) as Record<ServiceName, number>;

  const pgHost = r.string('POSTGRES_HOST', '');
  const pg = {
    host: pgHost,
    port: r.int('POSTGRES_PORT', 5432, 1, 65535),
    user: r.string('POSTGRES_USER', 'postgres'),
    password: r.string('POSTGRES_PASSWORD', ''),
    poolMax: r.int('POSTGRES_POOL_MAX', 10, 1, 1000),
    databaseSuffix: r.string('POSTGRES_DB_SUFFIX', '')
  };
  if (!/^[a-z0-9_]*$/.test(pg.databaseSuffix))
    r.problems.push(`POSTGRES_DB_SUFFIX=${JSON.stringify(pg.databaseSuffix)} may hold only a-z, 0-9 and _`);
  const postgres = pgHost === '' ? null : pg;

  const kafkaGroupId = r.string('KAFKA_GROUP_ID', 'style-flow');
  const topicPrefix = r.string('KAFKA_TOPIC_PREFIX', '');
  if (!/^[A-Za-z0-9._-]*$/.test(topicPrefix))
    r.problems.push(
      `KAFKA_TOPIC_PREFIX=${JSON.stringify(topicPrefix)} may hold only letters, digits, '.', '_' and '-'`
    );
  const brokers = r
    .string('KAFKA_BOOTSTRAP_SERVERS', '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const b of brokers) {
    if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(b))
      r.problems.push(`KAFKA_BOOTSTRAP_SERVERS has ${JSON.stringify(b)}, which is not host:port`);
  }

  const secret = r.string('JWT_SECRET_KEY', DEFAULT_JWT_SECRET);
  if (environment === 'production' && secret === DEFAULT_JWT_SECRET) {
    r.problems.push('JWT_SECRET_KEY must be set in production (the default development secret is refused)');
  } else if (environment === 'production' && secret.length < 32) {
    r.problems.push('JWT_SECRET_KEY must be at least 32 characters in production');
  }

  const adminEmail = r.string('ADMIN_EMAIL', '');
  const adminPassword = r.string('ADMIN_PASSWORD', '');
  if ((adminEmail === '') !== (adminPassword === ''))
    r.problems.push('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');

  const redisUrl = r.string('REDIS_URL', '');
  if (redisUrl !== '' && !(URL.canParse(redisUrl) && /^rediss?:$/.test(new URL(redisUrl).protocol))) {
    r.problems.push(`REDIS_URL=${JSON.stringify(redisUrl)} is not a redis:// URL`);
  }

  const upstreams = Object.fromEntries(
    serviceNames.filter((s) => s !== 'gateway').map((s) => [s, r.urls(urlsKey(s), `http://127.0.0.1:${ports[s]}`)])
  ) as unknown as Config['upstreams'];

  const config: Config = {
    environment,
    logLevel,
    host: r.string('HOST', '127.0.0.1'),
    ports,
    postgres,
    dataDir: r.string('DATA_DIR', './data'),
    kafka: brokers.length > 0 ? { brokers, groupId: kafkaGroupId, topicPrefix } : null,
    kafkaGroupId,
    redisUrl: redisUrl === '' ? null : redisUrl,
    redisPrefix: r.string('REDIS_PREFIX', 'style-flow:'),
    jwt: {
      secret,
      accessTtlSeconds: r.int('JWT_ACCESS_TOKEN_EXPIRES', 3600, 1, 86400 * 30),
      refreshTtlSeconds: r.int('JWT_REFRESH_TOKEN_EXPIRES', 604800, 1, 86400 * 365)
    },
    admin: adminEmail === '' ? null : { email: adminEmail, password: adminPassword },
    upstreams,
    gateway: {
      upstreamTimeoutMs: r.int('GATEWAY_UPSTREAM_TIMEOUT_MS', 10000, 100, 600000),
      healthIntervalMs: r.int('GATEWAY_HEALTH_INTERVAL_MS', 5000, 100, 600000),
      rateLimitPerMinute: r.int('RATE_LIMIT_PER_MINUTE', 600, 1, 10_000_000),
      authRateLimitPerMinute: r.int('AUTH_RATE_LIMIT_PER_MINUTE', 20, 1, 10_000_000),
      cacheTtlSeconds: r.int('CACHE_TTL_SECONDS', 60, 0, 86400)
    },
    trustedProxies: r
      .string('TRUSTED_PROXIES', 'loopback')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    registrations: {
      holdSeconds: r.int('REGISTRATION_HOLD_SECONDS', 1800, 1, 86400 * 30),
      holdSweepIntervalMs: r.int('HOLD_SWEEP_INTERVAL_MS', 5000, 10, 3_600_000)
    },
    consumerMaxAttempts: r.int('CONSUMER_MAX_ATTEMPTS', 5, 1, 100),
    consumerRetryBaseMs: r.int('CONSUMER_RETRY_BASE_MS', 200, 1, 60000),
    outboxPollIntervalMs: r.int('OUTBOX_POLL_INTERVAL_MS', 1000, 10, 600000),
    shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10000, 100, 600000)
  };
  if (r.problems.length > 0) throw new ConfigError(r.problems);
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
