import type { Queryable } from '@style-flow/platform';

export async function insertResetToken(
  db: Queryable,
  t: { hash: string; userId: number; expiresAt: Date }
): Promise<void> {
  await db.query('insert into password_reset_tokens (token_hash, user_id, expires_at) values ($1, $2, $3)', [
    t.hash,
    t.userId,
    t.expiresAt
  ]);
}

export type SpentResetTokenRow = { user_id: number; email: string };

/**
 * Spends a live token of an active account in one statement, so that two requests with one token cannot both
 * pass: the second finds it used. Null when the token is unknown, expired, used, or its account deactivated.
 */
export async function spendResetToken(tx: Queryable, hash: string): Promise<SpentResetTokenRow | null> {
  const { rows } = await tx.query<SpentResetTokenRow>(
    `update password_reset_tokens t set used_at = now() from accounts a
     where t.token_hash = $1 and t.used_at is null and t.expires_at > now() and a.id = t.user_id
       and a.status = 'active'
     returning t.user_id, a.email`,
    [hash]
  );
  return rows[0] ?? null;
}

/** Spends every other open token of the user: a reset done is done, whichever link was used. */
export async function spendResetTokensOf(tx: Queryable, userId: number): Promise<void> {
  await tx.query('update password_reset_tokens set used_at = now() where user_id = $1 and used_at is null', [userId]);
}
