import createClient, { type Client } from 'openapi-fetch';
import { createAuthSession, type SessionTokens } from './auth-session.ts';
import type { paths } from './generated/api.ts';
import { idempotentRetries } from './idempotency.ts';
import { ok, ProblemError } from './problem.ts';
import { createSpareRequests } from './spare-requests.ts';

/**
 * The media types the client reads answers as: JSON, and problem+json for refusals. An operation that can also answer
 * a PDF, a calendar or CSV is typed as its JSON; ask for the others with `headers: { accept }` and `parseAs`.
 */
export type Media = 'application/json' | 'application/problem+json';
export type StyleFlowApi = Client<paths, Media>;
export type TokenPair = paths['/auth/login']['post']['responses'][200]['content']['application/json'];

export interface StyleFlowClientOptions {
  /** The gateway (`http://localhost:8080`), or one service: the paths are the same at both. */
  baseUrl: string;
  fetch?: (request: Request) => Promise<Response>;
  /** The tokens of a session begun elsewhere: a signed-in person's, kept by the console; a test's own. */
  tokens?: SessionTokens | null;
  /** Told of every change of the tokens (a refresh rotates both, a logout or a failed refresh ends them). */
  onTokens?: (tokens: SessionTokens | null) => void;
  /** How often a request with an Idempotency-Key is sent again when its answer is lost (default 2, after 100 ms). */
  retry?: { retries: number; delayMs: number };
}

export interface StyleFlowClient extends StyleFlowApi {
  /** POST /auth/login; the client keeps the pair and sends the access token from then on. */
  login(email: string, password: string): Promise<TokenPair>;
  /** POST /auth/logout: ends the session at the service, and the client forgets its tokens either way. */
  logout(): Promise<void>;
  /** Takes over the tokens of a session begun elsewhere, or, with null, forgets them. */
  useTokens(tokens: SessionTokens | null): void;
  /** The session's tokens as they are now (a refresh may have rotated them), or null. */
  tokens(): SessionTokens | null;
}

/**
 * The typed client of Style Flow's API (openapi-fetch over the generated `paths`): `GET`, `POST`, … with paths,
 * parameters, bodies and answers checked by the compiler, refusals as typed problem+json in `error`. Its middleware
 * keeps the session (a 401 refreshes once, for every request waiting on it, and sends again) and retries requests
 * that carry an Idempotency-Key when their answer is lost.
 */
export function createStyleFlowClient(options: StyleFlowClientOptions): StyleFlowClient {
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const api = createClient<paths, Media>({ baseUrl: options.baseUrl, fetch: send });
  const spares = createSpareRequests();
  const session = createAuthSession({
    baseUrl: options.baseUrl,
    fetch: send,
    spares,
    tokens: options.tokens ?? null,
    ...(options.onTokens ? { onTokens: options.onTokens } : {})
  });
  // The order matters: the session puts its token on first, then the copy for sending again is taken.
  api.use(
    session.middleware,
    idempotentRetries(spares, options.retry ?? { retries: 2, delayMs: 100 }),
    spares.middleware
  );

  return Object.assign(api, {
    async login(email: string, password: string): Promise<TokenPair> {
      const pair = await ok(api.POST('/auth/login', { body: { email, password } }));
      session.set({ access_token: pair.access_token, refresh_token: pair.refresh_token });
      return pair;
    },
    async logout(): Promise<void> {
      try {
        const { error, response } = await api.POST('/auth/logout');
        // A session the service no longer knows (401) is ended all the same.
        if (!response.ok && response.status !== 401) throw new ProblemError(response, error);
      } finally {
        session.set(null);
      }
    },
    useTokens: (tokens: SessionTokens | null) => session.set(tokens),
    tokens: () => session.get()
  });
}
