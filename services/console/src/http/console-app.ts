import type { FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '@style-flow/client';
import type { HttpServer } from '@style-flow/platform';
import type { ConsoleContext } from '../console-context.ts';
import { errorPage } from '../views/error-page.ts';
import { SessionEnded } from './api-client.ts';
import { COOKIE, setCookie } from './cookies.ts';
import { checkCsrf, CsrfRefused, Forbidden, loadPage, SignInRequired } from './page-context.ts';
import { seeOther } from './render.ts';
import { secureHeaders } from './security-headers.ts';

export type PageRoutes = (scope: HttpServer, ctx: ConsoleContext) => void;

/**
 * The console under /app: form bodies, the security headers, the page context (language, session, person, API)
 * and the CSRF check on every POST, HTML error pages, then each area's routes (pages/<area>/).
 */
export async function registerConsole(app: HttpServer, ctx: ConsoleContext, areas: readonly PageRoutes[]) {
  await app.register(
    async (scope) => {
      // Pages are not the API: none of them goes into the OpenAPI document (nor into the generated client).
      scope.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, hide: true };
      });
      // Declared up front (filled by the preHandler below) so every request object keeps one shape.
      scope.decorateRequest('page', null as never);
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 64 * 1024 },
        (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string)))
      );
      scope.addHook('onRequest', (request, reply, done) => {
        secureHeaders(reply);
        // Pages hold personal data and the session's CSRF token: no cache keeps them (assets say otherwise).
        reply.header('cache-control', 'no-store');
        done();
      });
      scope.addHook('preHandler', async (request, reply) => {
        if (request.routeOptions.config.asset) return;
        await loadPage(ctx, request, reply);
        if (request.method === 'POST') checkCsrf(request);
      });
      scope.setErrorHandler((error, request, reply) => answerError(ctx, error, request, reply));
      scope.setNotFoundHandler(async (request, reply) => {
        await loadPage(ctx, request, reply);
        return errorPage(ctx, request, reply, 404);
      });
      for (const area of areas) area(scope as unknown as HttpServer, ctx);
    },
    { prefix: '/app' }
  );
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A static file: no page context, no session lookup. */
    asset?: boolean;
  }
}

async function answerError(ctx: ConsoleContext, error: unknown, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof SessionEnded || error instanceof SignInRequired) {
    if (error instanceof SessionEnded)
      reply.header('set-cookie', setCookie(COOKIE.session, '', { secure: ctx.secureCookies, maxAge: 0 }));
    const back = request.method === 'GET' ? `&back=${encodeURIComponent(request.url)}` : '';
    const signIn = `/app/sign-in?m=${error instanceof SessionEnded ? 'ended' : 'required'}${back}`;
    // htmx would follow a redirect inside the part of the page it swaps: it is told to load the whole page instead.
    if (request.headers['hx-request'] === 'true') return reply.header('hx-redirect', signIn).code(204).send();
    return seeOther(reply, signIn);
  }
  // The page context may be missing when the failure came before it (a malformed body); draw the page anyway.
  if (!request.page) await loadPage(ctx, request, reply).catch(() => undefined);
  if (!request.page) return reply.code(500).type('text/plain; charset=utf-8').send('Internal error');
  if (error instanceof CsrfRefused) return errorPage(ctx, request, reply, 403, 'csrf');
  if (error instanceof Forbidden) return errorPage(ctx, request, reply, 403);
  if (error instanceof ProblemError) {
    if (error.status === 404) return errorPage(ctx, request, reply, 404);
    if (error.status === 403) return errorPage(ctx, request, reply, 403);
    if (error.status >= 500) return errorPage(ctx, request, reply, 503);
    // Anything else the API refused on a page's way (a cursor it did not issue, say) is a bad request of the page's.
    if (error.status >= 400) return errorPage(ctx, request, reply, 400);
  }
  const status = (error as { statusCode?: number }).statusCode;
  if (status === 400 || status === 413 || status === 415) return errorPage(ctx, request, reply, 400);
  request.log.error({ err: error, request_id: request.id }, 'console page failed');
  return errorPage(ctx, request, reply, 500);
}
