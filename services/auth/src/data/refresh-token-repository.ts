import type { Queryable } from '@style-flow/platform';

export async function insertRefreshToken(
  tx: Queryable,
  t: { hash: string; sessionId: string; expiresAt: Date }
): Promise<void> {
  await tx.query('insert into refresh_tokens (token_hash, session_id, expires_at) values ($1, $2, $3)', [
    t.hash,
    t.sessionId,
    t.expiresAt
  ]);
}

export type RefreshTokenRow = {
  session_id: string;
  user_id: number;
  expires_at: Date;
  used_at: Date | null;
  session_revoked_at: Date | null;
};

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
