import { findAccountByEmail } from '../data/account-repository.ts';
import { insertResetToken } from '../data/reset-token-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { newOpaqueToken, tokenHash } from './secrets.ts';

const RESET_TTL_MS = 60 * 60 * 1000;

/**
 * Starts a reset: a single-use token valid one hour, handed to the delivery port. The caller answers 202
 * whether or not the email exists, so this reveals nothing about accounts.
 */
export async function startPasswordReset(ctx: AuthContext, email: string): Promise<void> {
  const account = await findAccountByEmail(ctx.db, email.trim());
  if (!account || account.status !== 'active') return;
  const token = newOpaqueToken();
  const expiresAt = new Date(Date.now() + RESET_TTL_MS);
  await insertResetToken(ctx.db, { hash: tokenHash(token), userId: account.id, expiresAt });
  await ctx.deliverResetToken({ id: account.id, email: account.email }, token, expiresAt);
}
