import type { Queryable } from '@style-flow/platform';

export interface SessionRow {
  user_id: number;
  tokens: Buffer;
  /** When it ends unless used again (after this read's touch, if it touched). */
  expires_at: Date;
}

export async function insertSession(
  db: Queryable,
  s: { idHash: Buffer; userId: number; tokens: Buffer; idleSeconds: number }
): Promise<void> {
  await db.query(
    `insert into console_sessions (id_hash, user_id, tokens, expires_at)
     values ($1, $2, $3, now() + make_interval(secs => $4))`,
    [s.idHash, s.userId, s.tokens, s.idleSeconds]
  );
}

/**
 * The live session with this id hash, its expiry moved on by the idle time. The row is written at most once a
 * minute per session, so a page of several requests costs one read, not a write each.
 */
export async function touchSession(db: Queryable, idHash: Buffer, idleSeconds: number): Promise<SessionRow | null> {
  const { rows } = await db.query<SessionRow>(
    `with live as (select id_hash, user_id, tokens, last_seen_at, expires_at from console_sessions
                    where id_hash = $1 and expires_at > now()),
          touched as (update console_sessions s set last_seen_at = now(),
                        expires_at = now() + make_interval(secs => $2)
                        from live where s.id_hash = live.id_hash and live.last_seen_at < now() - interval '1 minute'
                        returning s.expires_at)
     select user_id, tokens, coalesce((select expires_at from touched), live.expires_at) as expires_at from live`,
    [idHash, idleSeconds]
  );
  return rows[0] ?? null;
}

/** The session's sealed tokens, locked until the transaction ends: one refresh at a time per session. */
export async function lockSessionTokens(tx: Queryable, idHash: Buffer): Promise<Buffer | null> {
  const { rows } = await tx.query<{ tokens: Buffer }>(
    'select tokens from console_sessions where id_hash = $1 and expires_at > now() for update',
    [idHash]
  );
  return rows[0]?.tokens ?? null;
}

export async function updateSessionTokens(tx: Queryable, idHash: Buffer, tokens: Buffer): Promise<void> {
  await tx.query('update console_sessions set tokens = $2 where id_hash = $1', [idHash, tokens]);
}

export async function deleteSession(db: Queryable, idHash: Buffer): Promise<void> {
  await db.query('delete from console_sessions where id_hash = $1', [idHash]);
}

/** Removes sessions past their expiry, a bounded batch at a time; returns how many went. */
export async function deleteExpiredSessions(db: Queryable, batch: number): Promise<number> {
  const { rowCount } = await db.query(
    `delete from console_sessions where id_hash in
       (select id_hash from console_sessions where expires_at <= now() limit $1)`,
    [batch]
  );
  return rowCount;
}
