import { AppError } from '@style-flow/platform';

/** What the event service needs to know of a client: that it exists and whether it is archived. */
export type RemoteClient = { id: number; status: 'active' | 'archived'; merged_into: number | null };

export interface ClientClient {
  /**
   * The client as the client service has it now, asked with the caller's own Authorization (the client service
   * shows clients to staff only); null when it has no such client or will not show it to this caller.
   */
  find(id: number, authorization: string | undefined, traceparent: string): Promise<RemoteClient | null>;
}

function isRemoteClient(body: unknown, id: number): body is RemoteClient {
  const c = body as Partial<RemoteClient> | null;
  return !!c && c.id === id && (c.status === 'active' || c.status === 'archived');
}

const unavailable = (cause: unknown) =>
  new AppError('DEPENDENCY_UNAVAILABLE', 'The client service is unavailable; try again shortly.', { cause });

/**
 * `GET /clients/{id}` of the client service. A read, so every instance is tried in turn, each within the timeout;
 * when none answers, a 503 the caller can retry, never a 500. A 401, 403 or 404 is an answer: the caller may not
 * see that client, or there is none.
 */
export function createClientClient(options: { urls: readonly string[]; timeoutMs: number }): ClientClient {
  return {
    async find(id, authorization, traceparent) {
      let lastError: unknown = new Error('no client service configured');
      for (const url of options.urls) {
        try {
          const response = await fetch(new URL(`/clients/${id}`, url), {
            headers: { accept: 'application/json', traceparent, ...(authorization ? { authorization } : {}) },
            signal: AbortSignal.timeout(options.timeoutMs)
          });
          const body: unknown = await response.json().catch(() => null);
          if ([401, 403, 404].includes(response.status)) return null;
          if (response.status === 200 && isRemoteClient(body, id))
            return { id, status: body.status, merged_into: body.merged_into ?? null };
          lastError = new Error(`the client service answered ${response.status}`);
        } catch (error) {
          lastError = error;
        }
      }
      throw unavailable(lastError);
    }
  };
}
