import { AppError } from '@style-flow/platform';
import { findAccountById } from '../data/account-repository.ts';
import { insertRefreshToken, lockRefreshToken, markRefreshTokenUsed } from '../data/refresh-token-repository.ts';
import { extendSession } from '../data/session-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { endSessions } from './end-sessions.ts';
import { newOpaqueToken, tokenHash } from './secrets.ts';
import { refreshExpiry, tokenPair, type TokenPair } from './token-pair.ts';

/**
 * Rotates a refresh token: the presented one is spent and a new pair returned. A token presented a second
 * time means it was stolen (or leaked): the whole session ends (OAuth 2.0 Security BCP, refresh rotation).
 * The token row is locked first, so two refreshes racing with one token cannot both succeed.
 */
export async function rotateRefreshToken(
  ctx: AuthContext,
  presented: string,
  traceparent?: string
): Promise<TokenPair> {
  const hash = tokenHash(presented);
  const outcome = await ctx.db.transaction(async (tx) => {
    const row = await lockRefreshToken(tx, hash);
    if (!row) return null;
    if (row.used_at) {
      // The session ends in this transaction, which must commit: the refusal is thrown after it.
      await endSessions(ctx, tx, { sessionId: row.session_id }, 'refresh_token_reuse', traceparent);
      return null;
    }
    if (row.session_revoked_at || row.expires_at.getTime() <= Date.now()) return null;
    const account = await findAccountById(tx, row.user_id);
    if (!account || account.status !== 'active') return null;
    await markRefreshTokenUsed(tx, hash);
    const next = newOpaqueToken();
    await insertRefreshToken(tx, { hash: tokenHash(next), sessionId: row.session_id, expiresAt: refreshExpiry(ctx) });
    await extendSession(tx, row.session_id, refreshExpiry(ctx));
    return { account, sessionId: row.session_id, next };
  });
  if (!outcome) throw new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or already used.');
  return tokenPair(ctx, outcome.account, outcome.sessionId, outcome.next);
}
