import { createStyleFlowClient, type StyleFlowClient } from '@style-flow/client';
import { CLIENT_ADDRESS_HEADER } from '@style-flow/platform';
import type { LiveSession, Sessions } from '../sessions/sessions.ts';

/** Thrown when a session's refresh was refused: the page answers with a redirect to sign-in. */
export class SessionEnded extends Error {
  constructor() {
    super('the console session has ended');
    this.name = 'SessionEnded';
  }
}

export interface CallerOptions {
  apiUrl: string;
  fetch: (request: Request) => Promise<Response>;
  sessions: Sessions;
  session: LiveSession | null;
  /** The browser's address and the request's id, passed on so the API's logs and per-address limits see the person. */
  clientIp: string;
  /** The same address, signed: the gateway counts the person's sign-ins and public reads by it, not the console's. */
  vouchedClient: string;
  requestId: string;
}

/**
 * The API as the signed-in person (or as nobody): @style-flow/client with the person's access token and no refresh
 * token, so that the client itself never refreshes. Refreshing is the console's, once per session across all its
 * requests and instances (Sessions.renew): a 401 to a request that carried the token renews and sends it again, once.
 */
export function apiFor(o: CallerOptions): StyleFlowClient {
  const { session, fetch } = o;
  const send = async (request: Request): Promise<Response> => {
    request.headers.set('x-forwarded-for', o.clientIp);
    request.headers.set(CLIENT_ADDRESS_HEADER, o.vouchedClient);
    request.headers.set('x-request-id', o.requestId);
    const sent = request.headers.get('authorization');
    const spare = session && sent ? request.clone() : null;
    const response = await fetch(request);
    if (response.status !== 401 || !session || !spare) return response;
    const renewed = await o.sessions.renew(session, sent!.slice('Bearer '.length));
    if (!renewed) throw new SessionEnded();
    await response.body?.cancel();
    client.useTokens({ access_token: renewed.access_token });
    spare.headers.set('authorization', `Bearer ${renewed.access_token}`);
    return fetch(spare);
  };
  const client = createStyleFlowClient({
    baseUrl: o.apiUrl,
    fetch: send,
    tokens: session ? { access_token: session.tokens.access_token } : null,
    retry: { retries: 0, delayMs: 0 }
  });
  return client;
}
