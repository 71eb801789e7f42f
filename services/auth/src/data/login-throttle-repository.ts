import type { Queryable } from '@style-flow/platform';

/** Seconds until the latest lock of these keys ends, or null when none is locked. */
export async function secondsLocked(db: Queryable, keys: readonly string[]): Promise<number | null> {
  const { rows } = await db.query<{ seconds: number | null }>(
    `select ceil(extract(epoch from max(locked_until) - now()))::int as seconds
     from login_throttle where key = any($1::text[]) and locked_until > now()`,
    [keys]
  );
  return rows[0]?.seconds ?? null;
}

/**
 * Counts a failure in the key's current window (a window older than windowSeconds starts again at 1); the
 * failure that reaches maxFailures locks the key for lockSeconds and starts a fresh window.
 */
export async function countFailure(
  db: Queryable,
  key: string,
  limits: { maxFailures: number; windowSeconds: number; lockSeconds: number }
): Promise<void> {
  await db.query(
    `insert into login_throttle as t (key, failures, window_started_at) values ($1, 1, now())
     on conflict (key) do update set
       failures = case when t.window_started_at < now() - make_interval(secs => $2) then 1 else t.failures + 1 end,
       window_started_at =
         case when t.window_started_at < now() - make_interval(secs => $2) then now() else t.window_started_at end`,
    [key, limits.windowSeconds]
  );
  await db.query(
    `update login_throttle set locked_until = now() + make_interval(secs => $3), failures = 0, window_started_at = now()
     where key = $1 and failures >= $2`,
    [key, limits.maxFailures, limits.lockSeconds]
  );
}

export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('delete from login_throttle where key = $1', [key]);
}
