import type { AuthContext, ResetTokenDelivery } from '../auth-context.ts';

/**
 * What the auth service does itself with a reset token once auth.password_reset.requested is committed (the
 * notification service mails the link from that fact). In development the token also goes to the log, so a person
 * can finish the flow without any mail; elsewhere it is never logged (a token in a log is a password in a log).
 */
export function logDelivery(ctx: Pick<AuthContext, 'logger' | 'config'>): ResetTokenDelivery {
  return async (account, token, expiresAt) => {
    if (ctx.config.environment === 'development') {
      ctx.logger.info(
        { user_id: account.id, reset_token_for_development: token, expires_at: expiresAt.toISOString() },
        'password reset token (development only; the notification service mails the link)'
      );
    } else {
      ctx.logger.info({ user_id: account.id }, 'password reset requested; the notification service mails the link');
    }
  };
}
