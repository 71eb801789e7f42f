// Which real backends this run has, read from the environment (tests may read process.env).
import { randomBytes } from 'node:crypto';
import type { PostgresConfig } from '../config/platform-config.ts';

const env = process.env;

/** In CI a missing backend is a failure, never a skip (DESIGN §5). */
export const inCI = env.CI === 'true' || env.CI === '1';

export function postgresFromEnv(): PostgresConfig | null {
  if (!env.POSTGRES_HOST) return null;
  return {
    host: env.POSTGRES_HOST,
    port: Number(env.POSTGRES_PORT ?? 5432),
    user: env.POSTGRES_USER ?? 'postgres',
    password: env.POSTGRES_PASSWORD ?? '',
    poolMax: 10
  };
}

export function kafkaBrokersFromEnv(): string[] | null {
  const list = (env.KAFKA_BOOTSTRAP_SERVERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : null;
}

export function redisUrlFromEnv(): string | null {
  return env.REDIS_URL || null;
}

/** A reason to skip a suite for a backend this machine lacks; throws in CI instead. */
export function skipUnless(available: boolean, what: string): string | false {
  if (available) return false;
  if (inCI) throw new Error(`${what} is required in CI but is not configured`);
  return `${what} not configured here (set POSTGRES_HOST and KAFKA_BOOTSTRAP_SERVERS to run it)`;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}
