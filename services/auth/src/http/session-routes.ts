import { Type } from 'typebox';
import { bearerSecurity, type HttpServer } from '@style-flow/platform';
import type { AuthContext } from '../auth-context.ts';
import { logOut } from '../domain/end-sessions.ts';
import { logIn } from '../domain/log-in.ts';
import { rotateRefreshToken } from '../domain/rotate-refresh-token.ts';
import type { AccountAuthentication } from './authenticated.ts';
import { LoginBody, RefreshBody, TokenPairView } from './schemas.ts';
import { noStore } from './views.ts';

export function registerSessionRoutes(app: HttpServer, ctx: AuthContext, authenticated: AccountAuthentication): void {
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
    async (request, reply) => {
      const pair = await logIn(ctx, request.body, request.ip, request.traceparent);
      return noStore(reply).send(pair);
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
    async (request, reply) => {
      const pair = await rotateRefreshToken(ctx, request.body.refresh_token, request.traceparent);
      return noStore(reply).send(pair);
    }
  );

  app.post(
    '/auth/logout',
    {
      preHandler: authenticated.required,
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        security: bearerSecurity,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      await logOut(ctx, request.principal!.sessionId, request.traceparent);
      return reply.code(204).send(null);
    }
  );
}
