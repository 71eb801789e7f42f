import { timingSafeEqual } from 'node:crypto';
import type { Json, StyleFlowClient } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../console-context.ts';
import { formatFor, type Format } from '../i18n/format.ts';
import { fromAcceptLanguage, isLocale, translator, type Locale, type Translate } from '../i18n/locale.ts';
import { newSessionId } from '../sessions/session-keys.ts';
import type { LiveSession } from '../sessions/sessions.ts';
import { apiFor } from './api-client.ts';
import { COOKIE, readCookies, setCookie } from './cookies.ts';

export type Me = Json<'/auth/me', 'get'>;
export type Role = Me['role'];

/** What every page works with: the reader's language, the session and the person, the API as that person. */
export interface PageContext {
  locale: Locale;
  t: Translate;
  fmt: Format;
  /** The CSRF token every form of the page carries. */
  csrf: string;
  session: LiveSession | null;
  /** The signed-in person as the API sees them now (asked on every request: a role change shows at once). */
  me: Me | null;
  api: StyleFlowClient;
  /** The path of the page, for the language switch to come back to. */
  path: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    page: PageContext;
  }
}

/** Thrown by a page a person may not open: the 403 page. */
export class Forbidden extends Error {}
/** Thrown by a page that needs a signed-in person: a redirect to sign-in. */
export class SignInRequired extends Error {}
/** A form post without the page's CSRF token: refused with the 403 page, nothing done. */
export class CsrfRefused extends Error {}

/** Builds request.page: the language, the session (if its cookie names a live one), the CSRF token, the API. */
export async function loadPage(ctx: ConsoleContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const cookies = readCookies(request.headers.cookie);
  const chosen = cookies.get(COOKIE.lang);
  const locale: Locale = isLocale(chosen) ? chosen : fromAcceptLanguage(request.headers['accept-language']);
  const sessionId = cookies.get(COOKIE.session);
  const session = sessionId ? await ctx.sessions.find(sessionId) : null;
  if (sessionId && !session)
    reply.header('set-cookie', setCookie(COOKIE.session, '', { secure: ctx.secureCookies, maxAge: 0 }));
  let csrf: string;
  if (session) csrf = ctx.sessions.keys.csrfToken('session', session.id);
  else {
    // A visitor without a session still gets a token (sign-in, sign-up and reset are forms too: login CSRF), tied to
    // an anonymous id in a cookie of its own; signing in then starts a new session id (no fixation).
    let visit = cookies.get(COOKIE.visit);
    if (!visit || !/^[A-Za-z0-9_-]{43}$/.test(visit)) {
      visit = newSessionId();
      reply.header('set-cookie', setCookie(COOKIE.visit, visit, { secure: ctx.secureCookies }));
    }
    csrf = ctx.sessions.keys.csrfToken('visit', visit);
  }
  const api = apiFor({
    apiUrl: ctx.apiUrl,
    fetch: ctx.apiFetch,
    sessions: ctx.sessions,
    session,
    clientIp: request.ip,
    vouchedClient: ctx.clientAddress.sign(request.ip),
    requestId: request.id
  });
  request.page = {
    locale,
    t: translator(locale),
    fmt: formatFor(locale),
    csrf,
    session,
    me: null,
    api,
    path: request.url.split('?')[0]!
  };
  if (session) request.page.me = await whoAmI(api);
}

async function whoAmI(api: StyleFlowClient): Promise<Me | null> {
  const { data } = await api.GET('/auth/me');
  return data ?? null;
}

/** Refuses a state-changing request whose token (form field or htmx header) is not the page's. */
export function checkCsrf(request: FastifyRequest): void {
  const body = request.body as Record<string, unknown> | undefined;
  const header = request.headers['x-csrf-token'];
  const sent = typeof body?._csrf === 'string' ? body._csrf : typeof header === 'string' ? header : '';
  const expected = Buffer.from(request.page.csrf);
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new CsrfRefused();
}

/** The signed-in person, or a redirect to sign-in. */
export function requireMe(request: FastifyRequest): Me {
  if (!request.page.me) throw new SignInRequired();
  return request.page.me;
}

/** The signed-in person if their current role is one of these; else the 403 page. */
export function requireRole(request: FastifyRequest, ...roles: Role[]): Me {
  const me = requireMe(request);
  if (!roles.includes(me.role)) throw new Forbidden();
  return me;
}

export const isStaff = (me: Me | null): boolean => me?.role === 'manager' || me?.role === 'admin';
