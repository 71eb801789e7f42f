import { AppError, requireRole, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Account } from '../data/accounts.ts';
import { accountOfActiveSession } from '../data/sessions.ts';
import type { AuthContext } from '../auth-context.ts';
import { completePasswordReset, startPasswordReset } from '../domain/password-reset.ts';
import { registerAccount } from '../domain/register.ts';
import { endSessions, login, refresh } from '../domain/sessions.ts';
import { newOpaqueToken } from '../domain/secrets.ts';
import {
  AccountView,
  CreateAccountBody,
  LoginBody,
  RefreshBody,
  RegisterBody,
  ResetPasswordBody,
  TokenPairView
} from './schemas.ts';

function view(a: Account) {
  return {
    id: a.id,
    username: a.username,
    email: a.email,
    first_name: a.first_name,
    last_name: a.last_name,
    role: a.role,
    status: a.status,
    created_at: a.created_at.toISOString()
  };
}

const secured = { security: [{ bearer: [] }] };

export function registerAuthRoutes(app: HttpServer, ctx: AuthContext): void {
  // The auth service owns sessions: a token is good while its session is open and its account active.
  // The check loads the account too, kept for the handler, so /auth/me costs one query.
  const accounts = new WeakMap<object, Account>();
  const authenticated = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await ctx.auth.required(request, reply);
    const account = await accountOfActiveSession(ctx.db, request.principal!.sessionId, request.principal!.userId);
    if (!account) {
      request.principal = null;
      throw new AppError('UNAUTHENTICATED', 'The session of this access token has ended.', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' }
      });
    }
    // The account here is the source of the role: a demotion counts at once, before its event goes round.
    request.principal = { ...request.principal!, role: account.role };
    accounts.set(request, account);
  };

  app.post(
    '/auth/register',
    { schema: { tags: ['auth'], summary: 'Create an account', body: RegisterBody, response: { 201: AccountView } } },
    async (request, reply) => {
      const account = await registerAccount(ctx, request.body, undefined, request.traceparent);
      return reply.code(201).header('location', `/users/${account.id}`).send(view(account));
    }
  );

  app.post(
    '/auth/accounts',
    {
      preHandler: authenticated,
      schema: {
        tags: ['auth'],
        summary: 'Create an account for someone (admin); they set a password through the reset flow',
        ...secured,
        body: CreateAccountBody,
        response: { 201: AccountView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const account = await registerAccount(
        ctx,
        { ...request.body, password: `${newOpaqueToken()}!` },
        request.body.role ?? 'user',
        request.traceparent
      );
      await startPasswordReset(ctx, account.email);
      return reply.code(201).header('location', `/users/${account.id}`).send(view(account));
    }
  );

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password',
        body: LoginBody,
        response: { 200: TokenPairView }
      }
    },
    async (request) => {
      return login(ctx, request.body, request.ip, request.traceparent);
    }
  );

  app.post(
    '/auth/refresh',
    {
      schema: {
        tags: ['auth'],
        summary: 'Trade a refresh token for a new pair',
        body: RefreshBody,
        response: { 200: TokenPairView }
      }
    },
    async (request) => {
      return refresh(ctx, request.body.refresh_token, request.traceparent);
    }
  );

  app.post(
    '/auth/logout',
    {
      preHandler: authenticated,
      schema: { tags: ['auth'], summary: 'End the current session', ...secured, response: { 204: Type.Null() } }
    },
    async (request, reply) => {
      await ctx.db.transaction((tx) =>
        endSessions(ctx, tx, { sessionId: request.principal!.sessionId }, 'logout', request.traceparent)
      );
      return reply.code(204).send(null);
    }
  );

  app.get(
    '/auth/me',
    {
      preHandler: authenticated,
      schema: { tags: ['auth'], summary: 'The current user', ...secured, response: { 200: AccountView } }
    },
    async (request) => {
      return view(accounts.get(request)!);
    }
  );

  app.post(
    '/auth/reset-password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start a password reset ({email}) or finish it ({token, new_password})',
        body: ResetPasswordBody,
        response: { 202: Type.Object({ status: Type.String() }), 204: Type.Null() }
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
