import type { Middleware } from 'openapi-fetch';
import type { SpareRequests } from './spare-requests.ts';

/** The tokens of a session: the access token, and the refresh token that renews it when there is one. */
export interface SessionTokens {
  access_token: string;
  refresh_token?: string | null;
}

export interface AuthSessionOptions {
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  spares: SpareRequests;
  tokens?: SessionTokens | null;
  onTokens?: (tokens: SessionTokens | null) => void;
}

/** Operations that take no token and whose 401 says nothing about the session's token (a wrong password, say). */
const PUBLIC_AUTH = new Set(['/auth/login', '/auth/register', '/auth/refresh', '/auth/reset-password']);

const bearer = (token: string) => `Bearer ${token}`;

/**
 * The session of one client: puts its access token on each request, and on a 401 renews the pair once with the
 * refresh token (POST /auth/refresh) and sends the request again. Refresh tokens rotate and a used one revokes the
 * whole session (SPEC §3.1), so concurrent 401s share one refresh, and a 401 to a token that has since been renewed
 * just sends again with the new one. The tokens live only in this closure: nothing here logs or exposes them but
 * `tokens()`.
 */
export function createAuthSession(options: AuthSessionOptions) {
  let tokens: SessionTokens | null = options.tokens ?? null;
  let refreshing: Promise<boolean> | null = null;
  // The requests that carry the session's token (not one the caller set itself): only their 401s are the session's.
  const carried = new WeakSet<Request>();

  const set = (next: SessionTokens | null) => {
    tokens = next;
    options.onTokens?.(next);
  };

  async function refresh(refreshToken: string): Promise<boolean> {
    const response = await options.fetch(
      new Request(`${options.baseUrl.replace(/\/+$/, '')}/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refresh_token: refreshToken })
      })
    );
    if (!response.ok) {
      await response.body?.cancel();
      set(null);
      return false;
    }
    const pair = (await response.json()) as { access_token: string; refresh_token: string };
    set({ access_token: pair.access_token, refresh_token: pair.refresh_token });
    return true;
  }

  /** Whether a token newer than `sent` is there to send again with, refreshing once for all who ask meanwhile. */
  function renewedSince(sent: string): Promise<boolean> {
    if (tokens && tokens.access_token !== sent) return Promise.resolve(true);
    const refreshToken = tokens?.refresh_token;
    if (!refreshToken) return Promise.resolve(false);
    refreshing ??= refresh(refreshToken).finally(() => (refreshing = null));
    return refreshing;
  }

  const middleware: Middleware = {
    async onRequest({ request, schemaPath }) {
      // A refresh under way would make this token stale on arrival: wait for the new one.
      if (refreshing) await refreshing.catch(() => false);
      if (!tokens || PUBLIC_AUTH.has(schemaPath) || request.headers.has('authorization')) return;
      request.headers.set('authorization', bearer(tokens.access_token));
      carried.add(request);
    },
    async onResponse({ request, response, options: merged }) {
      if (response.status !== 401 || !carried.has(request)) return undefined;
      const sent = request.headers.get('authorization')!.slice('Bearer '.length);
      if (!(await renewedSince(sent))) return undefined;
      const again = options.spares.again(request);
      if (!again || !tokens) return undefined;
      await response.body?.cancel();
      again.headers.set('authorization', bearer(tokens.access_token));
      return merged.fetch(again);
    }
  };

  return {
    middleware,
    set,
    get: (): SessionTokens | null => (tokens ? { ...tokens } : null)
  };
}
