import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, safeBack, text } from '../../http/api-message.ts';
import { COOKIE, setCookie } from '../../http/cookies.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { sendPage, seeOther } from '../../http/render.ts';
import { isLocale } from '../../i18n/locale.ts';
import { resetChooseView, resetRequestView, signInMessages, signInView, signUpView } from './account-views.ts';

type Query = Record<string, string | undefined>;

/**
 * Signing in and out, creating an account, resetting a password, and the language switch. The tokens of a sign-in
 * go straight into the session table; the browser gets only the session's cookie.
 */
export const accountRoutes: PageRoutes = (app, ctx) => {
  app.get('/sign-in', async (request, reply) => {
    const q = request.query as Query;
    const message = signInMessages[q.m ?? ''] ?? null;
    return sendPage(ctx, request, reply, signInView(request.page, { back: safeBack(q.back), message }));
  });

  app.post('/sign-in', async (request, reply) => {
    const email = text(request.body, 'email');
    const back = safeBack(text(request.body, 'back'));
    const { data, error } = await request.page.api.POST('/auth/login', {
      body: { email, password: text(request.body, 'password') }
    });
    if (!data) {
      const view = signInView(request.page, { email, back, error: apiMessage(request.page, error) });
      return sendPage(ctx, request, reply, view, 422);
    }
    await beginSession(ctx, request, reply, data);
    return seeOther(reply, back);
  });

  app.get('/sign-up', async (request, reply) => sendPage(ctx, request, reply, signUpView(request.page, {})));

  app.post('/sign-up', async (request, reply) => {
    const input = {
      username: text(request.body, 'username'),
      email: text(request.body, 'email'),
      first_name: text(request.body, 'first_name'),
      last_name: text(request.body, 'last_name')
    };
    const password = text(request.body, 'password');
    const { api } = request.page;
    const created = await api.POST('/auth/register', {
      body: {
        username: input.username,
        email: input.email,
        password,
        ...(input.first_name ? { first_name: input.first_name } : {}),
        ...(input.last_name ? { last_name: input.last_name } : {})
      }
    });
    const signedIn = created.data ? await api.POST('/auth/login', { body: { email: input.email, password } }) : null;
    if (!signedIn?.data) {
      const view = signUpView(request.page, input, apiMessage(request.page, created.error ?? signedIn?.error));
      return sendPage(ctx, request, reply, view, 422);
    }
    const userId = await beginSession(ctx, request, reply, signedIn.data);
    // The language the account was made in is its language from now on (the mail it gets comes in it too).
    await saveSetting(request, userId, { locale: request.page.locale }, signedIn.data.access_token).catch(
      (error: unknown) => request.log.warn({ err: error }, 'the new profile kept no language')
    );
    return seeOther(reply, '/app/?m=welcome');
  });

  app.post('/sign-out', async (request, reply) => {
    const { session, api } = request.page;
    if (session) {
      // Revoked at auth first (the access token stops working everywhere), then forgotten here either way.
      await api.POST('/auth/logout').catch(() => undefined);
      await ctx.sessions.end(session);
    }
    reply.header('set-cookie', setCookie(COOKIE.session, '', { secure: ctx.secureCookies, maxAge: 0 }));
    return seeOther(reply, '/app/sign-in?m=signedOut');
  });

  app.get('/reset-password', async (request, reply) => {
    const token = (request.query as Query).token;
    const view = token ? resetChooseView(request.page, token) : resetRequestView(request.page, {});
    return sendPage(ctx, request, reply, view);
  });

  app.post('/reset-password', async (request, reply) => {
    const { error, response } = await request.page.api.POST('/auth/reset-password', {
      body: { email: text(request.body, 'email') }
    });
    if (!response.ok) {
      const view = resetRequestView(request.page, { error: apiMessage(request.page, error) });
      return sendPage(ctx, request, reply, view, 422);
    }
    return sendPage(ctx, request, reply, resetRequestView(request.page, { sent: true }));
  });

  app.post('/reset-password/confirm', async (request, reply) => {
    const token = text(request.body, 'token');
    const { error, response } = await request.page.api.POST('/auth/reset-password', {
      body: { token, new_password: text(request.body, 'new_password') }
    });
    if (!response.ok) {
      const view = resetChooseView(request.page, token, apiMessage(request.page, error));
      return sendPage(ctx, request, reply, view, 422);
    }
    return seeOther(reply, '/app/sign-in?m=reset');
  });

  app.post('/language', async (request, reply) => {
    const locale = text(request.body, 'locale');
    if (isLocale(locale)) {
      reply.header('set-cookie', setCookie(COOKIE.lang, locale, { secure: ctx.secureCookies, maxAge: 31_536_000 }));
      // The choice is the profile's too, so that mail comes in it (SPEC §3.8: settings.locale).
      const me = request.page.me;
      if (me) await saveSetting(request, me.id, { locale });
    }
    return seeOther(reply, safeBack(text(request.body, 'back')));
  });
};

/**
 * Starts the session of a fresh token pair: the person's id from the API, a new session id in the cookie, and the
 * language of their profile (chosen on another device, or when the account was made) for this browser too.
 */
async function beginSession(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  tokens: { access_token: string; refresh_token: string }
): Promise<number> {
  const authorization = `Bearer ${tokens.access_token}`;
  const { data: me } = await request.page.api.GET('/auth/me', { headers: { authorization } });
  if (!me) throw new Error('the API did not answer who signed in');
  const [id, profile] = await Promise.all([
    ctx.sessions.begin(me.id, { access_token: tokens.access_token, refresh_token: tokens.refresh_token }),
    request.page.api.GET('/users/{id}', { params: { path: { id: me.id } }, headers: { authorization } })
  ]);
  reply.header('set-cookie', setCookie(COOKIE.session, id, { secure: ctx.secureCookies }));
  const locale = profile.data?.settings?.locale;
  if (isLocale(locale) && locale !== request.page.locale)
    reply.header('set-cookie', setCookie(COOKIE.lang, locale, { secure: ctx.secureCookies, maxAge: 31_536_000 }));
  return me.id;
}

/**
 * Merges one setting into the profile's settings (PUT replaces the whole object), as the signed-in person or, right
 * after signing up, with the new session's token.
 */
export async function saveSetting(
  request: FastifyRequest,
  userId: number,
  values: Record<string, unknown>,
  accessToken?: string
) {
  const { api } = request.page;
  const headers = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
  const { data: user } = await api.GET('/users/{id}', { params: { path: { id: userId } }, headers });
  if (!user) return;
  await api.PUT('/users/{id}', {
    params: { path: { id: userId } },
    headers,
    body: { settings: { ...user.settings, ...values } }
  });
}
