import { AppError } from '@style-flow/platform';
import { setPasswordHash } from '../data/account-repository.ts';
import { spendResetToken, spendResetTokensOf } from '../data/reset-token-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { endSessions } from './end-sessions.ts';
import { forgetAccountFailures } from './login-throttle.ts';
import { passwordPolicyErrors } from './passwords.ts';
import { tokenHash } from './secrets.ts';

/**
 * Sets the new password, spends the token (and any other of the user's), and ends every session. A refused
 * password rolls the transaction back, so the token stays good for a second try.
 */
export async function completePasswordReset(
  ctx: AuthContext,
  token: string,
  newPassword: string,
  traceparent?: string
): Promise<void> {
  const passwordHash = await ctx.passwords.hash(newPassword);
  await ctx.db.transaction(async (tx) => {
    const spent = await spendResetToken(tx, tokenHash(token));
    if (!spent)
      throw new AppError('INVALID_RESET_TOKEN', 'The reset token is invalid, expired or already used.', {
        errors: [{ path: '/token', message: 'is invalid, expired or already used' }]
      });
    const errors = passwordPolicyErrors(newPassword, spent.email, '/new_password');
    if (errors.length > 0)
      throw new AppError('WEAK_PASSWORD', errors.map((e) => `new_password ${e.message}`).join('; '), { errors });
    await spendResetTokensOf(tx, spent.user_id);
    await setPasswordHash(tx, spent.user_id, passwordHash);
    await endSessions(ctx, tx, { userId: spent.user_id }, 'password_reset', traceparent);
    await forgetAccountFailures(tx, spent.email);
  });
}
