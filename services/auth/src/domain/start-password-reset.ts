import { AuthPasswordResetRequested } from '@style-flow/contracts';
import { eventOf } from '@style-flow/platform';
import { findAccountByEmail } from '../data/account-repository.ts';
import { insertResetToken } from '../data/reset-token-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { newOpaqueToken, tokenHash } from './secrets.ts';

const RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Starts a reset: a single-use token valid one hour. Its hash and the fact that carries it to the notification
 * service (which mails the link) commit in one transaction, so every token that exists is mailed and no other; the
 * delivery port comes after the commit (the log in development). The caller answers 202 whether or not the email
 * exists, so this reveals nothing about accounts.
 */
export async function startPasswordReset(ctx: AuthContext, email: string, traceparent?: string): Promise<void> {
  const account = await findAccountByEmail(ctx.db, email.trim());
  if (!account || account.status !== 'active') return;
  const token = newOpaqueToken();
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  await ctx.db.transaction(async (tx) => {
    await insertResetToken(tx, { hash: tokenHash(token), userId: account.id, expiresAt });
    const requested = { user_id: account.id, email: account.email, token, expires_at: expiresAt.toISOString() };
    await ctx.emit(tx, [eventOf(AuthPasswordResetRequested, account.id, requested, traceparent)]);
  });
  await ctx.deliverResetToken({ id: account.id, email: account.email }, token, expiresAt);
}
