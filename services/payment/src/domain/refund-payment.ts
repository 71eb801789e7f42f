import { AppError, type Principal } from '@style-flow/platform';
import { findPayment, type PaymentRow } from '../data/payment-repository.ts';
import { refundOfClaim, type RefundRow } from '../data/refund-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { formatMinor, numericToMinor } from './money.ts';
import { reserveRefund } from './reserve-refund.ts';
import { settleRefundWithProvider } from './settle-refund.ts';

export interface RefundInput {
  /** With the currency's digits; null refunds everything that remains. */
  amount: string | null;
  reason: string | null;
}

/** Why nothing could be reserved, read after the fact for the answer (the decision was the conditional UPDATE's). */
async function whyNot(ctx: PaymentContext, id: number, input: RefundInput): Promise<AppError> {
  const p = (await findPayment(ctx.db, id))!;
  const remaining = formatMinor(
    numericToMinor(p.amount, p.minor_unit) - numericToMinor(p.refunded, p.minor_unit),
    p.minor_unit
  );
  if (p.status !== 'completed' && p.status !== 'partially_refunded')
    return new AppError('PAYMENT_NOT_REFUNDABLE', `Payment ${id} is ${p.status}; there is nothing to refund.`, {
      extras: { refundable_amount: remaining }
    });
  return new AppError(
    'REFUND_EXCEEDS_PAYMENT',
    `A refund of ${input.amount ?? remaining} ${p.currency} exceeds what remains of payment ${id} (${remaining}).`,
    {
      errors: [{ path: '/amount', message: `exceeds the refundable ${remaining}` }],
      extras: { refundable_amount: remaining }
    }
  );
}

/**
 * An admin refunds a payment (SPEC §3.6): the refund is reserved first (never past the amount, under any
 * concurrency), the provider is asked outside any transaction, and its answer is written in a second one. Gives
 * the refund as it stands: completed, failed (the provider refused; the reservation is back), or pending (the
 * provider did not answer in time; the worker finishes it).
 */
export async function refundPayment(
  ctx: PaymentContext,
  payment: PaymentRow,
  input: RefundInput,
  admin: Principal,
  claimId: number | null,
  traceparent: string
): Promise<RefundRow> {
  const earlier = claimId === null ? null : await refundOfClaim(ctx.db, claimId);
  if (earlier) return earlier;
  const refund = await ctx.db.transaction((tx) =>
    reserveRefund(tx, {
      paymentId: payment.id,
      amount: input.amount,
      reason: input.reason,
      source: 'request',
      requestedBy: admin.userId,
      claimId,
      traceparent,
      graceMs: ctx.settings.pendingGraceMs
    })
  );
  if (!refund) throw await whyNot(ctx, payment.id, input);
  return settleRefundWithProvider(ctx, refund, traceparent);
}
