import { findPayment, type PaymentRow } from '../data/payment-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { numericToMinor } from './money.ts';
import { askProvider, chargeReference, type ChargeRequest, type ChargeResult } from './payment-provider.ts';
import { completePendingPayment, failPendingPayment } from './settle-payment.ts';

export function chargeRequest(p: PaymentRow): ChargeRequest {
  return {
    reference: chargeReference(p.id),
    minor: numericToMinor(p.amount, p.minor_unit),
    currency: p.currency,
    createdAt: p.created_at
  };
}

/**
 * Writes down what the provider said of a card payment, in a transaction of its own: succeeded → completed,
 * declined → failed. No answer, or pending, leaves it pending for the sweeper. Gives the payment as it is now.
 */
export async function applyChargeResult(
  ctx: PaymentContext,
  payment: PaymentRow,
  result: ChargeResult | undefined,
  traceparent: string | undefined
): Promise<PaymentRow> {
  if (result && result.outcome !== 'pending') {
    const settled = await ctx.db.transaction((tx) =>
      result.outcome === 'succeeded'
        ? completePendingPayment(ctx, tx, payment.id, ['card'], traceparent)
        : failPendingPayment(ctx, tx, payment.id, result.reason, ['card'], traceparent)
    );
    if (settled) return settled;
  }
  return (await findPayment(ctx.db, payment.id)) ?? payment;
}

/** Asks the provider to charge a card payment just written as pending (outside any transaction), then settles it. */
export async function chargeCard(ctx: PaymentContext, payment: PaymentRow, traceparent: string): Promise<PaymentRow> {
  const result = await askProvider(
    ctx.settings.providerTimeoutMs,
    (signal) => ctx.provider.charge(chargeRequest(payment), signal),
    (error) =>
      ctx.logger.warn({ err: error, paymentId: payment.id }, 'the provider did not answer a charge; left pending')
  );
  ctx.paymentMetrics.providerCalls.inc({ operation: 'charge', outcome: result?.outcome ?? 'no_answer' });
  return applyChargeResult(ctx, payment, result, traceparent);
}
