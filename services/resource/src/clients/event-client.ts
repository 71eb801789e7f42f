import { readFromService } from '@style-flow/platform';

/** What the resource service needs to know of an event: that it exists, its times and whether it is cancelled. */
export type RemoteEvent = {
  id: number;
  start_date: string;
  end_date: string;
  status: 'scheduled' | 'cancelled';
};

export interface EventClient {
  /** The event as the event service has it now; null when it has no such event. */
  find(id: number, traceparent: string): Promise<RemoteEvent | null>;
}

function isRemoteEvent(body: unknown, id: number): body is RemoteEvent {
  const e = body as Partial<RemoteEvent> | null;
  return (
    !!e &&
    e.id === id &&
    typeof e.start_date === 'string' &&
    typeof e.end_date === 'string' &&
    !Number.isNaN(Date.parse(e.start_date)) &&
    !Number.isNaN(Date.parse(e.end_date)) &&
    (e.status === 'scheduled' || e.status === 'cancelled')
  );
}

/**
 * `GET /events/{id}` of the event service (public, so no token is passed on), each instance in turn (a 503 when
 * none answers).
 */
export function createEventClient(options: { urls: readonly string[]; timeoutMs: number }): EventClient {
  return {
    find: (id, traceparent) =>
      readFromService<RemoteEvent | null>({
        service: 'event',
        urls: options.urls,
        path: `/events/${id}`,
        timeoutMs: options.timeoutMs,
        headers: { traceparent },
        read(status, body) {
          if (status === 404) return null;
          if (status === 200 && isRemoteEvent(body, id)) return body;
          return undefined;
        }
      })
  };
}
