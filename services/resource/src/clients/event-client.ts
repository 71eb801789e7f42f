import { AppError } from '@style-flow/platform';

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

const unavailable = (cause: unknown) =>
  new AppError('DEPENDENCY_UNAVAILABLE', 'The event service is unavailable; try again shortly.', { cause });

/**
 * `GET /events/{id}` of the event service (public, so no token is passed on). A read, so every instance is tried
 * in turn, each within the timeout; when none answers, a 503 the caller can retry, never a 500.
 */
export function createEventClient(options: { urls: readonly string[]; timeoutMs: number }): EventClient {
  return {
    async find(id, traceparent) {
      let lastError: unknown = new Error('no event service configured');
      for (const url of options.urls) {
        try {
          const response = await fetch(new URL(`/events/${id}`, url), {
            headers: { accept: 'application/json', traceparent },
            signal: AbortSignal.timeout(options.timeoutMs)
          });
          const body: unknown = await response.json().catch(() => null);
          if (response.status === 404) return null;
          if (response.status === 200 && isRemoteEvent(body, id)) return body;
          lastError = new Error(`the event service answered ${response.status}`);
        } catch (error) {
          lastError = error;
        }
      }
      throw unavailable(lastError);
    }
  };
}
