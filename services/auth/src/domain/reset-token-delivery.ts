import type { AuthContext, ResetTokenDelivery } from '../auth-context.ts';

/**
 * The delivery of development: the token goes to the log, so a person can finish the flow by hand. Elsewhere it
 * is never logged (a token in a log is a password in a log); a deployment passes a mail delivery instead.
 */
export function logDelivery(ctx: Pick<AuthContext, 'logger' | 'config'>): ResetTokenDelivery {
  return async (account, token, expiresAt) => {
    if (ctx.config.environment === 'development') {
      ctx.logger.info(
        { user_id: account.id, reset_token_for_development: token, expires_at: expiresAt.toISOString() },
        'password reset token (development only: no mail is sent)'
      );
    } else {
      ctx.logger.warn({ user_id: account.id }, 'password reset requested, but no delivery is configured here');
    }
  };
}
