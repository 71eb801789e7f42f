import { PaymentRefunded } from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import { insertCreditNote } from '../data/invoice-repository.ts';
import { appendTransaction } from '../data/ledger-repository.ts';
import { findPayment } from '../data/payment-repository.ts';
import { findRefund, releaseReservation, settleRefund, type RefundRow } from '../data/refund-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { numericToMinor } from './money.ts';
import { askProvider, chargeReference, refundReference, type RefundResult } from './payment-provider.ts';
import { paymentSnapshot, refundSnapshot } from './snapshots.ts';

/** A refund the provider made: its credit note (referring to the invoice), and payment.refunded. */
async function completeRefund(
  ctx: PaymentContext,
  tx: Queryable,
  id: number,
  traceparent: string | undefined
): Promise<RefundRow | null> {
  if (!(await settleRefund(tx, id, { status: 'completed' }))) return null;
  await insertCreditNote(tx, id);
  const refund = (await findRefund(tx, id))!;
  const payment = (await findPayment(tx, refund.payment_id))!;
  const data = { ...paymentSnapshot(payment), refund: refundSnapshot(refund, payment.minor_unit) };
  await ctx.emit(tx, [eventOf(PaymentRefunded, payment.id, data, traceparent)]);
  return refund;
}

/** A refund the provider refused: its reservation is given back, and a reversal row balances its ledger row. */
async function failRefund(tx: Queryable, refund: RefundRow, reason: string): Promise<RefundRow | null> {
  const failed = await settleRefund(tx, refund.id, { status: 'failed', reason });
  if (!failed) return null;
  await releaseReservation(tx, refund.payment_id, refund.amount);
  await appendTransaction(tx, {
    paymentId: refund.payment_id,
    refundId: refund.id,
    kind: 'reversal',
    amount: refund.amount
  });
  return failed;
}

/** Writes down the provider's answer to a reserved refund in a transaction of its own; none leaves it pending. */
async function applyRefundResult(
  ctx: PaymentContext,
  refund: RefundRow,
  result: RefundResult | undefined,
  traceparent: string | undefined
): Promise<RefundRow> {
  if (result) {
    const settled = await ctx.db.transaction((tx) =>
      result.outcome === 'succeeded'
        ? completeRefund(ctx, tx, refund.id, traceparent)
        : failRefund(tx, refund, result.reason)
    );
    if (settled) return settled;
  }
  return (await findRefund(ctx.db, refund.id)) ?? refund;
}

/**
 * Asks the provider to make a reserved refund (outside any transaction) and settles it. Used by the request that
 * reserved it and by the refund worker for refunds queued by events or left pending by a crash or a timeout; the
 * provider refunds once per reference, and the refund settles once, so both asking is harmless.
 */
export async function settleRefundWithProvider(
  ctx: PaymentContext,
  refund: RefundRow,
  traceparent: string | undefined
): Promise<RefundRow> {
  const payment = (await findPayment(ctx.db, refund.payment_id))!;
  const result = await askProvider(
    ctx.settings.providerTimeoutMs,
    (signal) =>
      ctx.provider.refund(
        {
          reference: refundReference(refund.id),
          chargeReference: chargeReference(payment.id),
          minor: numericToMinor(refund.amount, payment.minor_unit),
          currency: payment.currency
        },
        signal
      ),
    (error) =>
      ctx.logger.warn({ err: error, refundId: refund.id }, 'the provider did not answer a refund; left pending')
  );
  ctx.paymentMetrics.providerCalls.inc({ operation: 'refund', outcome: result?.outcome ?? 'no_answer' });
  return applyRefundResult(ctx, refund, result, traceparent ?? refund.traceparent ?? undefined);
}
