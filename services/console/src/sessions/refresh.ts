import { createStyleFlowClient } from '@style-flow/client';
import type { Tokens } from './sessions.ts';

/** POST /auth/refresh at the API: the rotated pair, or null when auth refused the refresh token. */
export function refreshAt(
  apiUrl: string,
  fetch: (request: Request) => Promise<Response>
): (refreshToken: string) => Promise<Tokens | null> {
  const api = createStyleFlowClient({ baseUrl: apiUrl, fetch, retry: { retries: 0, delayMs: 0 } });
  return async (refreshToken) => {
    const { data, response } = await api.POST('/auth/refresh', { body: { refresh_token: refreshToken } });
    if (data) return { access_token: data.access_token, refresh_token: data.refresh_token };
    // Auth refused the token: the session is over. Anything else (auth unreachable, a 5xx, a 429) is not the end of
    // the session: the page fails instead, and the next request tries again.
    if (response.status >= 400 && response.status < 500 && response.status !== 429) return null;
    throw new Error(`the API answered ${response.status} to a refresh`);
  };
}
