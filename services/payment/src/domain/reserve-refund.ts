import type { Queryable } from '@style-flow/platform';
import { appendTransaction } from '../data/ledger-repository.ts';
import {
  insertRefund,
  reserveRefund as reserve,
  type RefundRow,
  type RefundSource
} from '../data/refund-repository.ts';

export interface RefundAsk {
  paymentId: number;
  /** The amount (with the currency's digits), or null for everything that remains. */
  amount: string | null;
  reason: string | null;
  source: RefundSource;
  requestedBy: number | null;
  claimId: number | null;
  /** Of the request or event that asks: the refund's payment.refunded continues its trace. */
  traceparent: string | undefined;
  /** 0: the refund worker asks the provider at once; else the request asks first and the worker after this. */
  graceMs: number;
}

/**
 * The one place every refund passes through before the provider is asked: the payment's refunded total is raised
 * by one conditional UPDATE (never past the amount, whatever runs at the same time), and the refund and its ledger
 * row are written in the same transaction, so the ledger balances at every commit. Null when nothing could be
 * reserved (the payment is not completed, or the refund exceeds what remains).
 */
export async function reserveRefund(tx: Queryable, ask: RefundAsk): Promise<RefundRow | null> {
  const reservation = await reserve(tx, ask.paymentId, ask.amount);
  if (!reservation) return null;
  const refund = await insertRefund(tx, {
    paymentId: ask.paymentId,
    amount: reservation.amount,
    reason: ask.reason,
    source: ask.source,
    requestedBy: ask.requestedBy,
    idempotencyKeyId: ask.claimId,
    traceparent: ask.traceparent,
    graceMs: ask.graceMs
  });
  await appendTransaction(tx, { paymentId: ask.paymentId, refundId: refund.id, kind: 'refund', amount: refund.amount });
  return refund;
}
