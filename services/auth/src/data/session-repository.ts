import type { Queryable } from '@style-flow/platform';
import type { AccountRow } from './account-repository.ts';

export type EndedSessionRow = { id: string; user_id: number; expires_at: Date };

/** A new session and its first refresh token, in one statement. */
export async function openSession(
  tx: Queryable,
  s: { id: string; userId: number; expiresAt: Date; refreshTokenHash: string }
): Promise<void> {
  await tx.query(
    `with session as (insert into sessions (id, user_id, expires_at) values ($1, $2, $3) returning id)
     insert into refresh_tokens (token_hash, session_id, expires_at) select $4, id, $3 from session`,
    [s.id, s.userId, s.expiresAt, s.refreshTokenHash]
  );
}

/** A refresh keeps the session alive as long as its newest refresh token. */
export async function extendSession(tx: Queryable, sessionId: string, expiresAt: Date): Promise<void> {
  await tx.query('update sessions set expires_at = $2 where id = $1', [sessionId, expiresAt]);
}

/** Ends sessions (one, or every open one of a user); returns those it ended, with their expiry. */
export async function revokeSessions(
  tx: Queryable,
  where: { sessionId: string } | { userId: number },
  reason: string
): Promise<EndedSessionRow[]> {
  const byUser = 'userId' in where;
  const { rows } = await tx.query<EndedSessionRow>(
    `update sessions set revoked_at = now(), revoked_reason = $2
     where ${byUser ? 'user_id = $1' : 'id = $1'} and revoked_at is null
     returning id, user_id, expires_at`,
    [byUser ? where.userId : where.sessionId, reason]
  );
  return rows;
}

/** The account of an open session of an active user, or null: one query per authenticated request. */
export async function accountOfActiveSession(
  db: Queryable,
  sessionId: string,
  userId: number
): Promise<AccountRow | null> {
  const { rows } = await db.query<AccountRow>(
    `select a.id, a.username, a.email, a.password_hash, a.first_name, a.last_name, a.role, a.status, a.created_at
     from sessions s join accounts a on a.id = s.user_id
     where s.id = $1 and s.user_id = $2 and s.revoked_at is null and s.expires_at > now() and a.status = 'active'`,
    [sessionId, userId]
  );
  return rows[0] ?? null;
}
