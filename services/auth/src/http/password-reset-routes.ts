import { Type } from 'typebox';
import { AppError, type HttpServer } from '@style-flow/platform';
import type { AuthContext } from '../auth-context.ts';
import { completePasswordReset } from '../domain/complete-password-reset.ts';
import { startPasswordReset } from '../domain/start-password-reset.ts';
import { ResetPasswordBody, ResetStartedView } from './schemas.ts';

export function registerPasswordResetRoutes(app: HttpServer, ctx: AuthContext): void {
  app.post(
    '/auth/reset-password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start a password reset ({email}) or finish it ({token, new_password})',
        body: ResetPasswordBody,
        response: { 202: ResetStartedView, 204: Type.Null() }
      }
    },
    async (request, reply) => {
      const { email, token, new_password: newPassword } = request.body;
      if (email !== undefined && token === undefined && newPassword === undefined) {
        await startPasswordReset(ctx, email);
        return reply.code(202).send({ status: 'If the address belongs to an account, a reset link is on its way.' });
      }
      if (email === undefined && token !== undefined && newPassword !== undefined) {
        await completePasswordReset(ctx, token, newPassword, request.traceparent);
        return reply.code(204).send(null);
      }
      throw new AppError('VALIDATION_FAILED', 'Send either {email} or {token, new_password}.', {
        errors: [{ path: '/', message: 'must be either {email} or {token, new_password}' }]
      });
    }
  );
}
