import { PaymentCompleted, PaymentFailed } from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import { insertInvoice } from '../data/invoice-repository.ts';
import { knownEvent } from '../data/known-repository.ts';
import { appendTransaction } from '../data/ledger-repository.ts';
import { findPayment, settlePayment, type MethodType, type PaymentRow } from '../data/payment-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { reserveRefund } from './reserve-refund.ts';
import { paymentSnapshot } from './snapshots.ts';

/**
 * pending → completed, in the caller's transaction, once whoever settles first: the ledger's charge, the invoice
 * with the next number of the year (an invoice-method payment has had its own since it was made), and
 * payment.completed. A payment that completes for an event already known to be cancelled is refunded at once, as
 * the event's other payments were. Null when the payment was not pending (or not of these method types).
 */
export async function completePendingPayment(
  ctx: PaymentContext,
  tx: Queryable,
  id: number,
  methodTypes: readonly MethodType[],
  traceparent: string | undefined
): Promise<PaymentRow | null> {
  const settled = await settlePayment(tx, id, { status: 'completed' }, methodTypes);
  if (!settled) return null;
  await appendTransaction(tx, { paymentId: id, refundId: null, kind: 'charge', amount: settled.amount });
  if (settled.method_type !== 'invoice') await insertInvoice(tx, id);
  const payment = (await findPayment(tx, id))!;
  await ctx.emit(tx, [eventOf(PaymentCompleted, id, paymentSnapshot(payment), traceparent)]);
  if (payment.event_id !== null && (await knownEvent(tx, payment.event_id))?.status === 'cancelled') {
    const reason = 'the event was cancelled before the payment completed';
    await reserveRefund(tx, {
      paymentId: id,
      amount: null,
      reason,
      source: 'late_payment',
      requestedBy: null,
      claimId: null,
      traceparent,
      graceMs: 0
    });
    return (await findPayment(tx, id))!;
  }
  return payment;
}

/** pending → failed with the provider's reason, once, and payment.failed (a seat held for it is released). */
export async function failPendingPayment(
  ctx: PaymentContext,
  tx: Queryable,
  id: number,
  reason: string,
  methodTypes: readonly MethodType[],
  traceparent: string | undefined
): Promise<PaymentRow | null> {
  const failed = await settlePayment(tx, id, { status: 'failed', reason }, methodTypes);
  if (!failed) return null;
  await ctx.emit(tx, [eventOf(PaymentFailed, id, paymentSnapshot(failed), traceparent)]);
  return failed;
}
