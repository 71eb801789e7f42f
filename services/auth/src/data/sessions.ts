import type { Queryable } from '@style-flow/platform';
import type { Account } from './accounts.ts';

export interface SessionRow {
  [column: string]: unknown;
  id: string;
  user_id: number;
  expires_at: Date;
  revoked_at: Date | null;
}

export async function insertSession(tx: Queryable, s: { id: string; userId: number; expiresAt: Date }): Promise<void> {
  await tx.query('insert into sessions (id, user_id, expires_at) values ($1, $2, $3)', [s.id, s.userId, s.expiresAt]);
}

export async function insertRefreshToken(tx: Queryable, t: { hash: string; sessionId: string; expiresAt: Date }): Promise<void> {
  await tx.query('insert into refresh_tokens (token_hash, session_id, expires_at) values ($1, $2, $3)', [t.hash, t.sessionId, t.expiresAt]);
}

export interface RefreshTokenRow {
  [column: string]: unknown;
  session_id: string;
  user_id: number;
  expires_at: Date;
  used_at: Date | null;
  session_revoked_at: Date | null;
}

/** The refresh token and its session, the token row locked so that only one refresh can spend it. */
export async function lockRefreshToken(tx: Queryable, hash: string): Promise<RefreshTokenRow | null> {
  const { rows } = await tx.query<RefreshTokenRow>(
    `select t.session_id, s.user_id, t.expires_at, t.used_at, s.revoked_at as session_revoked_at
     from refresh_tokens t join sessions s on s.id = t.session_id
     where t.token_hash = $1 for update of t`,
    [hash]
  );
  return rows[0] ?? null;
}

export async function markRefreshTokenUsed(tx: Queryable, hash: string): Promise<void> {
  await tx.query('update refresh_tokens set used_at = now() where token_hash = $1', [hash]);
}

/** Ends sessions (one, or every open one of a user); returns those it ended, with their expiry. */
export async function revokeSessions(
  tx: Queryable,
  where: { sessionId: string } | { userId: number },
  reason: string
): Promise<Array<{ id: string; user_id: number; expires_at: Date }>> {
  const byUser = 'userId' in where;
  const { rows } = await tx.query<{ id: string; user_id: number; expires_at: Date }>(
    `update sessions set revoked_at = now(), revoked_reason = $2
     where ${byUser ? 'user_id = $1' : 'id = $1'} and revoked_at is null
     returning id, user_id, expires_at`,
    [byUser ? where.userId : where.sessionId, reason]
  );
  return rows;
}

/** The account of an open session of an active user, or null: one query per authenticated request. */
export async function accountOfActiveSession(db: Queryable, sessionId: string, userId: number): Promise<Account | null> {
  const { rows } = await db.query<Account>(
    `select a.id, a.username, a.email, a.password_hash, a.first_name, a.last_name, a.role, a.status, a.created_at
     from sessions s join accounts a on a.id = s.user_id
     where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > now() and a.status = 'active'`,
    [sessionId, userId]
  );
  return rows[0] ?? null;
}
