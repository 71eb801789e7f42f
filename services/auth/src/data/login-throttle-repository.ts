import type { Queryable } from '@style-flow/platform';

import type { AccountRow } from './account-repository.ts';

export type LoginCandidate = {
  /** The account of the email, if any. */
  account: AccountRow | null;
  /** Seconds until the latest lock of the attempt's keys ends; null when none is locked. */
  lockedSeconds: number | null;
  /** The account's key has failures counted (to clear after a success). */
  accountFailures: boolean;
};

/**
 * What a login needs before the password is checked, in one round trip: the account of the email, the locks of the
 * attempt's throttle keys, and whether the account has failures to forget.
 */
export async function findLoginCandidate(
  db: Queryable,
  email: string,
  keys: readonly string[],
  accountKey: string
): Promise<LoginCandidate> {
  const { rows } = await db.query<
    { [K in keyof AccountRow]: AccountRow[K] | null } & { locked_seconds: number | null; account_failures: boolean }
  >(
    `select a.id, a.username, a.email, a.password_hash, a.first_name, a.last_name, a.role, a.status, a.created_at,
       (select ceil(extract(epoch from max(locked_until) - now()))::int
          from login_throttle where key = any($2::text[]) and locked_until > now()) as locked_seconds,
       exists (select 1 from login_throttle where key = $3) as account_failures
     from (select 1) one left join accounts a on lower(a.email) = lower($1)`,
    [email, keys, accountKey]
  );
  const { locked_seconds, account_failures, ...account } = rows[0]!;
  return {
    account: account.id === null ? null : (account as AccountRow),
    lockedSeconds: locked_seconds,
    accountFailures: account_failures
  };
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
