import type { Middleware } from 'openapi-fetch';
import type { SpareRequests } from './spare-requests.ts';

/**
 * The Idempotency-Key header for an operation that accepts one (POST /payments, POST /payments/{id}/refund):
 * `api.POST('/payments', { body, params: { header: withIdempotencyKey() } })`. A new random key unless one is given;
 * give your own to make the same payment safe to ask for again after a restart.
 */
export function withIdempotencyKey(key: string = globalThis.crypto.randomUUID()): { 'idempotency-key': string } {
  return { 'idempotency-key': key };
}

export interface RetryOptions {
  /** Further tries after the first; 0 turns retrying off. */
  retries: number;
  /** The pause before the first retry, doubled before each next one. */
  delayMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a request with an Idempotency-Key again, with the same key and body, when no answer came (the connection
 * failed or dropped): the service then either does it once or replays its first answer (Idempotent-Replayed: true),
 * so the retry can never pay twice. Requests without a key are never retried, and neither is one the caller aborted.
 */
export function idempotentRetries(spares: SpareRequests, options: RetryOptions): Middleware {
  return {
    async onError({ request, error, options: merged }) {
      if (!request.headers.has('idempotency-key') || request.signal.aborted) return undefined;
      let last = error;
      for (let attempt = 0; attempt < options.retries; attempt++) {
        const again = spares.again(request);
        if (!again) break;
        await pause(options.delayMs * 2 ** attempt);
        try {
          return await merged.fetch(again);
        } catch (failure) {
          last = failure;
        }
      }
      return last instanceof Error ? last : new Error(String(last));
    }
  };
}
