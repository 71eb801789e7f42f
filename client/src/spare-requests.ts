import type { Middleware } from 'openapi-fetch';

/**
 * A copy of each request as it leaves, so that it can be sent again (after a refresh, or when its answer was lost):
 * fetch consumes a request's body, and openapi-fetch hands the middleware only the request it sent. Registered after
 * every middleware that changes the request, so the copy is what went out. The copies go with their requests.
 */
export function createSpareRequests() {
  const spares = new WeakMap<Request, Request>();
  const middleware: Middleware = {
    onRequest({ request }) {
      spares.set(request, request.clone());
    }
  };
  return {
    middleware,
    /** A fresh copy of the request as it was sent, or null when none was kept. */
    again(request: Request): Request | null {
      return spares.get(request)?.clone() ?? null;
    }
  };
}

export type SpareRequests = ReturnType<typeof createSpareRequests>;
