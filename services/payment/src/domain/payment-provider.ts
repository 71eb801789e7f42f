// The port to a payment processor (SPEC §3.6). The service calls it outside any database transaction: a
// payment is written as pending first, the provider is asked, and its answer is written in a second transaction.
// Every call is idempotent by its reference (as Stripe's and Adyen's APIs are by an idempotency key), so asking
// twice (a request and the sweeper racing, a retry after a crash) never charges or refunds twice.

export interface ChargeRequest {
  /** `payment-{id}`: the provider's idempotency key for this charge. */
  reference: string;
  /** The amount in the currency's minor units (cents), and the currency. */
  minor: bigint;
  currency: string;
  /** When the payment was made: a delayed result is known some time after it. */
  createdAt: Date;
}

/** What became of a charge: done, refused (with the processor's words), or not known yet. */
export type ChargeResult = { outcome: 'succeeded' } | { outcome: 'declined'; reason: string } | { outcome: 'pending' };

export interface RefundRequest {
  /** `refund-{id}`: the provider's idempotency key for this refund. */
  reference: string;
  /** The charge it gives money back from. */
  chargeReference: string;
  minor: bigint;
  currency: string;
}

export type RefundResult = { outcome: 'succeeded' } | { outcome: 'failed'; reason: string };

export interface PaymentProvider {
  readonly name: string;
  /** Charges once per reference. May answer pending (the result comes later) or not at all (the signal aborts). */
  charge(request: ChargeRequest, signal: AbortSignal): Promise<ChargeResult>;
  /** What the provider knows of a charge now, for the sweeper: a charge that never reached it is made now. */
  lookup(request: ChargeRequest, signal: AbortSignal): Promise<ChargeResult>;
  /** Refunds once per reference. */
  refund(request: RefundRequest, signal: AbortSignal): Promise<RefundResult>;
}

export const chargeReference = (paymentId: number) => `payment-${paymentId}`;
export const refundReference = (refundId: number) => `refund-${refundId}`;

/**
 * Calls the provider within `timeoutMs`. Undefined when it did not answer in time or failed: the caller leaves
 * the payment or refund pending, and the sweeper asks again later.
 */
export async function askProvider<T>(
  timeoutMs: number,
  call: (signal: AbortSignal) => Promise<T>,
  onFailure: (error: unknown) => void
): Promise<T | undefined> {
  const signal = AbortSignal.timeout(timeoutMs);
  // The timeout holds even for a provider that ignores the signal.
  const timedOut = new Promise<never>((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })
  );
  timedOut.catch(() => undefined);
  try {
    return await Promise.race([call(signal), timedOut]);
  } catch (error) {
    onFailure(error);
    return undefined;
  }
}
