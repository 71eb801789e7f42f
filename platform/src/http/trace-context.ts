import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

// Random ids are cut from a batch of entropy, as randomUUID does: one call to the system's generator per
// a few hundred requests rather than two per request.
const batch = Buffer.alloc(24 * 256);
let used = batch.length;

function randomHex(bytes: number): string {
  if (used + bytes > batch.length) {
    randomFillSync(batch);
    used = 0;
  }
  const hex = batch.toString('hex', used, used + bytes);
  used += bytes;
  return hex;
}

/**
 * W3C Trace Context: keeps the caller's trace id and starts a new span of this hop, or starts a trace
 * when the caller sent none (or an invalid one).
 */
export function continueTrace(incoming: string | undefined): string {
  const match = incoming ? TRACEPARENT.exec(incoming.trim()) : null;
  const traceId = match && match[1] !== '0'.repeat(32) ? match[1] : randomHex(16);
  const flags = match ? match[3] : '01';
  return `00-${traceId}-${randomHex(8)}-${flags}`;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The caller's x-request-id when it is a sane token, else a fresh one. */
export function requestIdFrom(header: string | string[] | undefined, fresh: () => string): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : fresh();
}
