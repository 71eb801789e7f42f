import { AppError, type Queryable } from '@style-flow/platform';

// Failed logins slow an attacker down per account (guessing one password) and per client address
// (spraying many accounts). Counted in the database, so every instance of the service shares them.
export interface ThrottlePolicy {
  maxFailures: number;
  windowSeconds: number;
  lockSeconds: number;
}

export const accountPolicy: ThrottlePolicy = { maxFailures: 5, windowSeconds: 900, lockSeconds: 300 };
export const addressPolicy: ThrottlePolicy = { maxFailures: 30, windowSeconds: 900, lockSeconds: 900 };

export const accountKey = (email: string): string => `account:${email.trim().toLowerCase()}`;
export const addressKey = (address: string): string => `address:${address}`;

/** Refuses with 429 and Retry-After while any of the keys is locked. */
export async function assertNotThrottled(db: Queryable, keys: readonly string[]): Promise<void> {
  const { rows } = await db.query<{ seconds: number | null }>(
    `select ceil(extract(epoch from max(locked_until) - now()))::int as seconds
     from login_throttle where key = any($1::text[]) and locked_until > now()`,
    [keys]
  );
  const seconds = rows[0]?.seconds;
  if (seconds && seconds > 0) {
    throw new AppError('LOGIN_THROTTLED', `Too many failed logins; try again in ${seconds} seconds.`, {
      headers: { 'retry-after': String(seconds) }
    });
  }
}

/** Counts a failure in the current window; the failure that reaches the limit locks the key. */
export async function recordFailure(db: Queryable, key: string, policy: ThrottlePolicy): Promise<void> {
  await db.query(
    `insert into login_throttle (key, failures, window_started_at) values ($1, 1, now())
     on conflict (key) do update set
       failures = case when login_throttle.window_started_at < now() - make_interval(secs => $2) then 1 else login_throttle.failures + 1 end,
       window_started_at = case when login_throttle.window_started_at < now() - make_interval(secs => $2) then now() else login_throttle.window_started_at end`,
    [key, policy.windowSeconds]
  );
  await db.query(
    `update login_throttle set locked_until = now() + make_interval(secs => $3), failures = 0, window_started_at = now()
     where key = $1 and failures >= $2`,
    [key, policy.maxFailures, policy.lockSeconds]
  );
}

export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('delete from login_throttle where key = $1', [key]);
}
