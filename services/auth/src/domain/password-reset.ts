import { AppError } from '@style-flow/platform';
import { findAccountByEmail, setPasswordHash } from '../data/accounts.ts';
import type { AuthContext } from '../auth-context.ts';
import { accountKey, clearFailures } from './login-throttle.ts';
import { hashPassword, passwordPolicyErrors } from './passwords.ts';
import { newOpaqueToken, tokenHash } from './secrets.ts';
import { endSessions } from './sessions.ts';

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
  await ctx.db.query('insert into password_reset_tokens (token_hash, user_id, expires_at) values ($1, $2, $3)', [
    tokenHash(token),
    account.id,
    expiresAt
  ]);
  await ctx.deliverResetToken({ id: account.id, email: account.email }, token, expiresAt);
}

/** Sets the new password, spends the token (and any other of the user's), and ends every session. */
export async function completePasswordReset(
  ctx: AuthContext,
  token: string,
  newPassword: string,
  traceparent?: string
): Promise<void> {
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ user_id: number; email: string }>(
      `update password_reset_tokens t set used_at = now() from accounts a
       where t.token_hash = $1 and t.used_at is null and t.expires_at > now() and a.id = t.user_id and a.status = 'active'
       returning t.user_id, a.email`,
      [tokenHash(token)]
    );
    const found = rows[0];
    if (!found)
      throw new AppError('INVALID_RESET_TOKEN', 'The reset token is invalid, expired or already used.', {
        errors: [{ path: '/token', message: 'is invalid, expired or already used' }]
      });
    const errors = passwordPolicyErrors(newPassword, found.email, '/new_password');
    if (errors.length > 0)
      throw new AppError('WEAK_PASSWORD', errors.map((e) => `new_password ${e.message}`).join('; '), { errors });
    await tx.query('update password_reset_tokens set used_at = now() where user_id = $1 and used_at is null', [
      found.user_id
    ]);
    await setPasswordHash(tx, found.user_id, passwordHash);
    await endSessions(ctx, tx, { userId: found.user_id }, 'password_reset', traceparent);
    await clearFailures(tx, accountKey(found.email));
  });
}

/** The delivery of development: the token goes to the log, so a person can finish the flow by hand. */
export function logDelivery(ctx: Pick<AuthContext, 'logger' | 'config'>): AuthContext['deliverResetToken'] {
  return async (account, token, expiresAt) => {
    if (ctx.config.environment === 'development') {
      ctx.logger.info(
        { user_id: account.id, reset_token_for_development: token, expires_at: expiresAt.toISOString() },
        'password reset token (development only: no mail is sent)'
      );
    } else {
      ctx.logger.warn(
        { user_id: account.id },
        'password reset requested, but no delivery is configured in this environment'
      );
    }
  };
}
