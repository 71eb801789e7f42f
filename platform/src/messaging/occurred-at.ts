import type { CloudEvent } from '@style-flow/contracts';

/**
 * When the fact an event announces happened: the envelope's time, or now when a producer sent none we can read.
 * Every consumer that records a fact with its time takes it from here, so the same fact has the same time wherever
 * it is kept (a client's timeline, a user's history).
 */
export function occurredAt(event: CloudEvent): string {
  const time = Date.parse(event.time ?? '');
  const year = Number.isNaN(time) ? 0 : new Date(time).getUTCFullYear();
  return year >= 1 && year <= 9999 ? new Date(time).toISOString() : new Date().toISOString();
}
