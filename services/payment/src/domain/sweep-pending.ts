import { deleteExpiredKeys } from '../data/idempotency-repository.ts';
import { claimPaymentsToCheck } from '../data/payment-repository.ts';
import { claimRefundsToSettle } from '../data/refund-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { applyChargeResult, chargeRequest } from './charge-card.ts';
import { IDEMPOTENCY_KEEP_HOURS } from './idempotency.ts';
import { askProvider } from './payment-provider.ts';
import { settleRefundWithProvider } from './settle-refund.ts';

const BATCH = 50;

/**
 * One round of the sweeper: card payments left pending (a crash between the two transactions, a provider that
 * did not answer in time, a delayed result) are resolved by asking the provider what became of them; refunds
 * queued by events or left pending are made; expired Idempotency-Keys are removed. Each payment and refund is
 * leased to this round in the database, so sweepers of several instances share the work; settling is conditional,
 * so a request and a sweeper settling the same payment at once settle it once.
 */
export async function sweepPending(ctx: PaymentContext, signal: AbortSignal): Promise<void> {
  // Looked at again after the lease: a payment still pending at the provider waits this long for its next check.
  const leaseMs = Math.max(2 * ctx.settings.providerTimeoutMs, ctx.settings.sweepIntervalMs);
  const payments = await ctx.db.transaction((tx) => claimPaymentsToCheck(tx, BATCH, leaseMs));
  await Promise.all(
    payments.map(async (payment) => {
      if (signal.aborted) return;
      const result = await askProvider(
        ctx.settings.providerTimeoutMs,
        (s) => ctx.provider.lookup(chargeRequest(payment), s),
        (error) => ctx.logger.warn({ err: error, paymentId: payment.id }, 'the provider did not answer a lookup')
      );
      ctx.paymentMetrics.providerCalls.inc({ operation: 'lookup', outcome: result?.outcome ?? 'no_answer' });
      const after = await applyChargeResult(ctx, payment, result, payment.traceparent ?? undefined);
      if (after.status !== 'pending')
        ctx.logger.info({ paymentId: payment.id, status: after.status }, 'sweeper resolved a pending payment');
    })
  );
  const refunds = await ctx.db.transaction((tx) => claimRefundsToSettle(tx, BATCH, leaseMs));
  await Promise.all(
    refunds.map((refund) => (signal.aborted ? refund : settleRefundWithProvider(ctx, refund, undefined)))
  );
  await deleteExpiredKeys(ctx.db, IDEMPOTENCY_KEEP_HOURS);
}
