import { randomUUID } from 'node:crypto';
import { AuthUserLogin, AuthUserLogout } from '@style-flow/contracts';
import { AppError, eventOf, signAccessToken, type Queryable } from '@style-flow/platform';
import { findAccountByEmail, findAccountById, type Account } from '../data/accounts.ts';
import {
  insertRefreshToken,
  insertSession,
  lockRefreshToken,
  markRefreshTokenUsed,
  revokeSessions
} from '../data/sessions.ts';
import type { AuthContext } from '../auth-context.ts';
import {
  accountKey,
  accountPolicy,
  addressKey,
  addressPolicy,
  assertNotThrottled,
  clearFailures,
  recordFailure
} from './login-throttle.ts';
import { verifyPassword } from './passwords.ts';
import { newOpaqueToken, tokenHash } from './secrets.ts';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

type LogoutReason = 'logout' | 'refresh_token_reuse' | 'password_reset' | 'deactivated';

async function issueTokens(
  ctx: AuthContext,
  account: Account,
  sessionId: string,
  refreshToken: string
): Promise<TokenPair> {
  const { secret } = ctx.config.jwt;
  const { accessTtlSeconds } = ctx.settings;
  const access = await signAccessToken(secret, { userId: account.id, role: account.role, sessionId }, accessTtlSeconds);
  return { access_token: access, refresh_token: refreshToken, token_type: 'Bearer', expires_in: accessTtlSeconds };
}

function refreshExpiry(ctx: AuthContext): Date {
  return new Date(Date.now() + ctx.settings.refreshTtlSeconds * 1000);
}

/**
 * Email and password → a new session. An unknown email and a wrong password get the same answer after the
 * same work (a decoy hash is verified); failures count towards the account's and the address's limits.
 */
export async function login(
  ctx: AuthContext,
  input: { email: string; password: string },
  clientAddress: string,
  traceparent?: string
): Promise<TokenPair> {
  const keys = [accountKey(input.email), addressKey(clientAddress)];
  await assertNotThrottled(ctx.db, keys);
  const account = await findAccountByEmail(ctx.db, input.email.trim());
  const valid = await verifyPassword(account?.password_hash ?? (await ctx.decoyHash), input.password);
  if (!account || !valid) {
    await recordFailure(ctx.db, keys[0]!, accountPolicy);
    await recordFailure(ctx.db, keys[1]!, addressPolicy);
    throw new AppError('INVALID_CREDENTIALS', 'The email or password is wrong.');
  }
  if (account.status !== 'active') throw new AppError('ACCOUNT_DEACTIVATED', 'This account has been deactivated.');
  await clearFailures(ctx.db, keys[0]!);
  const sessionId = randomUUID();
  const refreshToken = newOpaqueToken();
  await ctx.db.transaction(async (tx) => {
    await insertSession(tx, { id: sessionId, userId: account.id, expiresAt: refreshExpiry(ctx) });
    await insertRefreshToken(tx, { hash: tokenHash(refreshToken), sessionId, expiresAt: refreshExpiry(ctx) });
    await ctx.emit(tx, [
      eventOf(
        AuthUserLogin,
        account.id,
        { user_id: account.id, session_id: sessionId, at: new Date().toISOString() },
        traceparent
      )
    ]);
  });
  return issueTokens(ctx, account, sessionId, refreshToken);
}

/** Ends sessions and announces each, so the gateway and the services refuse their access tokens. */
export async function endSessions(
  ctx: AuthContext,
  tx: Queryable,
  which: { sessionId: string } | { userId: number },
  reason: LogoutReason,
  traceparent?: string
): Promise<number> {
  const ended = await revokeSessions(tx, which, reason);
  const at = new Date();
  // An access token of the session lives at most accessTtl from now: after that the revocation may be forgotten.
  const expiresAt = new Date(at.getTime() + ctx.settings.accessTtlSeconds * 1000).toISOString();
  await ctx.emit(
    tx,
    ended.map((s) =>
      eventOf(
        AuthUserLogout,
        s.user_id,
        { user_id: s.user_id, session_id: s.id, reason, at: at.toISOString(), expires_at: expiresAt },
        traceparent
      )
    )
  );
  return ended.length;
}

/**
 * Rotates a refresh token: the presented one is spent and a new pair returned. A token presented a second
 * time means it was stolen (or leaked): the whole session ends (OAuth 2.0 Security BCP, refresh rotation).
 */
export async function refresh(ctx: AuthContext, presented: string, traceparent?: string): Promise<TokenPair> {
  const hash = tokenHash(presented);
  const invalid = () => new AppError('INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or already used.');
  const outcome = await ctx.db.transaction(async (tx) => {
    const row = await lockRefreshToken(tx, hash);
    if (!row) return { kind: 'invalid' as const };
    if (row.used_at) {
      await endSessions(ctx, tx, { sessionId: row.session_id }, 'refresh_token_reuse', traceparent);
      return { kind: 'reused' as const };
    }
    if (row.session_revoked_at || row.expires_at.getTime() <= Date.now()) return { kind: 'invalid' as const };
    const account = await findAccountById(tx, row.user_id);
    if (!account || account.status !== 'active') return { kind: 'invalid' as const };
    await markRefreshTokenUsed(tx, hash);
    const next = newOpaqueToken();
    await insertRefreshToken(tx, { hash: tokenHash(next), sessionId: row.session_id, expiresAt: refreshExpiry(ctx) });
    await tx.query('update sessions set expires_at = $2 where id = $1', [row.session_id, refreshExpiry(ctx)]);
    return { kind: 'ok' as const, account, sessionId: row.session_id, next };
  });
  if (outcome.kind !== 'ok') throw invalid();
  return issueTokens(ctx, outcome.account, outcome.sessionId, outcome.next);
}
