import { randomUUID } from 'node:crypto';
import { AuthUserLogin } from '@style-flow/contracts';
import { AppError, eventOf } from '@style-flow/platform';
import { findLoginCandidate } from '../data/login-throttle-repository.ts';
import { openSession } from '../data/session-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import {
  accountKey,
  forgetAccountFailures,
  recordFailedLogin,
  refuseWhileLocked,
  throttleKeys
} from './login-throttle.ts';
import { newOpaqueToken, tokenHash } from './secrets.ts';
import { refreshExpiry, tokenPair, type TokenPair } from './token-pair.ts';

/**
 * Email and password → a new session. An unknown email and a wrong password get the same answer after the
 * same work (a decoy hash is verified); failures count towards the account's and the address's limits.
 */
export async function logIn(
  ctx: AuthContext,
  input: { email: string; password: string },
  clientAddress: string,
  traceparent?: string
): Promise<TokenPair> {
  const email = input.email.trim();
  const candidate = await findLoginCandidate(
    ctx.db,
    email,
    throttleKeys(input.email, clientAddress),
    accountKey(input.email)
  );
  refuseWhileLocked(candidate.lockedSeconds);
  const { account } = candidate;
  const valid = await ctx.passwords.verify(account?.password_hash ?? (await ctx.decoyHash), input.password);
  if (!account || !valid) {
    await recordFailedLogin(ctx.db, input.email, clientAddress);
    throw new AppError('INVALID_CREDENTIALS', 'The email or password is wrong.');
  }
  if (account.status !== 'active') throw new AppError('ACCOUNT_DEACTIVATED', 'This account has been deactivated.');
  if (candidate.accountFailures) await forgetAccountFailures(ctx.db, input.email);
  const sessionId = randomUUID();
  const refreshToken = newOpaqueToken();
  await ctx.db.transaction(async (tx) => {
    await openSession(tx, {
      id: sessionId,
      userId: account.id,
      expiresAt: refreshExpiry(ctx),
      refreshTokenHash: tokenHash(refreshToken)
    });
    const login = { user_id: account.id, session_id: sessionId, at: new Date().toISOString() };
    await ctx.emit(tx, [eventOf(AuthUserLogin, account.id, login, traceparent)]);
  });
  return tokenPair(ctx, account, sessionId, refreshToken);
}
