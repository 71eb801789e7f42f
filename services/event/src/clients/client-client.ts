import { readFromService } from '@style-flow/platform';

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

/**
 * `GET /clients/{id}` of the client service, each instance in turn (a 503 when none answers). A 401, 403 or 404 is
 * an answer: the caller may not see that client, or there is none.
 */
export function createClientClient(options: { urls: readonly string[]; timeoutMs: number }): ClientClient {
  return {
    find: (id, authorization, traceparent) =>
      readFromService<RemoteClient | null>({
        service: 'client',
        urls: options.urls,
        path: `/clients/${id}`,
        timeoutMs: options.timeoutMs,
        headers: { traceparent, ...(authorization ? { authorization } : {}) },
        read(status, body) {
          if ([401, 403, 404].includes(status)) return null;
          if (status === 200 && isRemoteClient(body, id))
            return { id, status: body.status, merged_into: body.merged_into ?? null };
          return undefined;
        }
      })
  };
}
