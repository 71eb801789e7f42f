import type { Role } from '@style-flow/contracts';
import { prepared, type Queryable } from '../db/database.ts';

/** What this service knows of a caller now, whatever its token says. */
export interface CallerState {
  /** The current role, when a user event told it. */
  role: Role | null;
  deactivated: boolean;
  /** The token's session was ended (logout, password reset, refresh-token reuse, deactivation). */
  revoked: boolean;
}

// Prepared: every authenticated request runs it, and parsing it cost the server more than the two lookups.
const callerStateQuery = prepared(
  `select u.role, u.status, exists (select 1 from platform_revoked_sessions where session_id = $2) as revoked
     from (select 1) one left join platform_users u on u.user_id = $1`
);

/** One indexed lookup per request: the user's row and the session's revocation. */
export async function callerState(db: Queryable, userId: number, sessionId: string): Promise<CallerState> {
  const { rows } = await db.query<{ role: Role | null; status: string | null; revoked: boolean }>(callerStateQuery, [
    userId,
    sessionId
  ]);
  const row = rows[0]!;
  return { role: row.role, deactivated: row.status === 'deactivated', revoked: row.revoked };
}

/** Where the authenticator learns a caller's current state: the in-memory table, or the database itself. */
export interface Principals {
  state(userId: number, sessionId: string): CallerState | Promise<CallerState>;
}

/** Every caller read from the database: what the in-memory table falls back on, and what some tests use. */
export function databasePrincipals(db: Queryable): Principals {
  return { state: (userId, sessionId) => callerState(db, userId, sessionId) };
}

/**
 * A user event's view of the user. The newest fact wins: user-events are keyed and arrive in order, but the user
 * service also writes here directly in the transaction of a change, before older events of that user come round.
 */
export async function saveUserState(
  tx: Queryable,
  userId: number,
  role: Role,
  status: string,
  at: string | null = null
): Promise<void> {
  await tx.query(
    `insert into platform_users (user_id, role, status, updated_at) values ($1, $2, $3, coalesce($4::timestamptz, now()))
     on conflict (user_id) do update set role = excluded.role, status = excluded.status, updated_at = excluded.updated_at
     where platform_users.updated_at <= excluded.updated_at`,
    [userId, role, status, at]
  );
}

/** A registration: the first thing known of a user; never overrides what user events said since. */
export async function saveRegisteredUser(tx: Queryable, userId: number, role: Role): Promise<void> {
  await tx.query(
    `insert into platform_users (user_id, role, status) values ($1, $2, 'active') on conflict (user_id) do nothing`,
    [userId, role]
  );
}

/** An ended session, kept until its last access token has expired. */
export async function saveRevokedSession(
  tx: Queryable,
  sessionId: string,
  userId: number,
  expiresAt: string
): Promise<void> {
  await tx.query(
    `insert into platform_revoked_sessions (session_id, user_id, expires_at) values ($1, $2, $3)
     on conflict (session_id) do nothing`,
    [sessionId, userId, expiresAt]
  );
  await tx.query('delete from platform_revoked_sessions where expires_at < now()');
}
