import { bearerSecurity, requireRole, type HttpServer } from '@style-flow/platform';
import type { AuthContext } from '../auth-context.ts';
import { registerAccount } from '../domain/register-account.ts';
import { newOpaqueToken } from '../domain/secrets.ts';
import { startPasswordReset } from '../domain/start-password-reset.ts';
import type { AccountAuthentication } from './authenticated.ts';
import { AccountView, CreateAccountBody, RegisterBody } from './schemas.ts';
import { accountView, noStore } from './views.ts';

export function registerAccountRoutes(app: HttpServer, ctx: AuthContext, authenticated: AccountAuthentication): void {
  app.post(
    '/auth/register',
    { schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody, response: { 201: AccountView } } },
    async (request, reply) => {
      const account = await registerAccount(ctx, request.body, undefined, request.traceparent);
      return reply.code(201).header('location', `/users/${account.id}`).send(accountView(account));
    }
  );

  app.post(
    '/auth/accounts',
    {
      preHandler: authenticated.required,
      schema: {
        tags: ['auth'],
        summary: 'Create an account for someone (admin); they set a password through the reset flow',
        security: bearerSecurity,
        body: CreateAccountBody,
        response: { 201: AccountView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      // A password nobody knows: the new user sets its own through the reset token delivered now.
      const registration = { ...request.body, password: `${newOpaqueToken()}!` };
      const account = await registerAccount(ctx, registration, request.body.role ?? 'user', request.traceparent);
      await startPasswordReset(ctx, account.email);
      return reply.code(201).header('location', `/users/${account.id}`).send(accountView(account));
    }
  );

  app.get(
    '/auth/me',
    {
      preHandler: authenticated.required,
      schema: { tags: ['auth'], summary: 'The current user', security: bearerSecurity, response: { 200: AccountView } }
    },
    async (request, reply) => noStore(reply).send(accountView(authenticated.accountOf(request)))
  );
}
