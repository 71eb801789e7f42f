// Idempotency-Key (draft-ietf-httpapi-idempotency-key-header, as Stripe does it): a key is scoped to the caller and
// the route, kept 24 hours, and bound to the request's canonical body; the first answer is kept and replayed.
import { createHash } from 'node:crypto';
import { AppError } from '@style-flow/platform';
import {
  abandonKey,
  claimKey,
  completeKey,
  releaseKey,
  takeOverKey,
  type IdempotencyRow
} from '../data/idempotency-repository.ts';
import type { PaymentContext } from '../payment-context.ts';

export const IDEMPOTENCY_KEEP_HOURS = 24;

export interface Answer {
  status: number;
  body: unknown;
  location: string | null;
}

/** What a claim gave: this request's own claim to do the work under, or the first request's answer to replay. */
export type Claim = { claimId: number } | { replay: Answer };

/** A fingerprint of the request: its canonical form (keys sorted, amounts normalised) hashed. */
export function fingerprintOf(canonical: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(canonical).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

function replayOrRefuse(claim: IdempotencyRow, fingerprint: string): Claim | null {
  if (claim.fingerprint !== fingerprint)
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was used for a request with another body; use a new key for a new request.'
    );
  if (claim.state === 'done')
    return { replay: { status: claim.answer_status!, body: claim.answer_body, location: claim.answer_location } };
  return null;
}

/**
 * Claims the key before the work starts, in its own statement, so every instance sees it at once: the same key
 * with the same body answers the first answer, another body is a 422, and a first request still running is a 409.
 * A claim whose request crashed (its lease ran out) is taken over: the work is found by the claim's id.
 */
export async function claimIdempotencyKey(
  ctx: PaymentContext,
  request: { scope: string; key: string; fingerprint: string }
): Promise<Claim> {
  const leaseMs = ctx.settings.idempotencyLeaseMs;
  const claim = await claimKey(ctx.db, { ...request, leaseMs, keepHours: IDEMPOTENCY_KEEP_HOURS });
  if (claim.created) return { claimId: claim.id };
  const replay = replayOrRefuse(claim, request.fingerprint);
  if (replay) return replay;
  if (claim.abandoned && (await takeOverKey(ctx.db, claim.id, leaseMs))) return { claimId: claim.id };
  throw new AppError(
    'IDEMPOTENCY_KEY_IN_USE',
    'A request with this Idempotency-Key is still being processed; retry once it has answered.',
    { headers: { 'retry-after': '1' } }
  );
}

export const rememberAnswer = (ctx: PaymentContext, claimId: number, answer: Answer) =>
  completeKey(ctx.db, claimId, answer);

/**
 * After a request that failed: a refusal by the rules (404, 409, 422) is an answer and is kept like any other;
 * bad input (400) and a dependency that was down (503) did nothing, so the key is forgotten and may be used again;
 * an unexpected failure ends the claim's lease, so a retry takes it over and finds whatever was done.
 */
export async function settleFailedClaim(
  ctx: PaymentContext,
  claimId: number,
  error: unknown,
  problem: () => Answer
): Promise<void> {
  const status = error instanceof AppError ? error.status : 500;
  if ([404, 409, 422].includes(status)) await rememberAnswer(ctx, claimId, problem());
  else if (status < 500 || status === 503) await releaseKey(ctx.db, claimId);
  else await abandonKey(ctx.db, claimId);
}
