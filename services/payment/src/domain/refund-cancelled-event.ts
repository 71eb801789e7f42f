import type { Queryable } from '@style-flow/platform';
import { keepEvent } from '../data/known-repository.ts';
import { lockRefundablePaymentsOfEvent } from '../data/refund-repository.ts';
import type { PaymentContext } from '../payment-context.ts';
import { reserveRefund } from './reserve-refund.ts';

/**
 * event.cancelled: what remains of each of the event's completed payments is reserved for a refund, in the
 * consumer's transaction (with the inbox claim); the refund worker then asks the provider, outside it. Once per
 * payment however often the event arrives: a second reservation of "what remains" finds nothing left. The copy says
 * cancelled before the payments are locked, so a payment completing at the same moment is refunded either here or
 * by its completion (settle-payment.ts), whichever commits second.
 */
export async function refundCancelledEvent(
  ctx: PaymentContext,
  tx: Queryable,
  event: { id: number; title: string },
  traceparent: string | undefined
): Promise<void> {
  await keepEvent(tx, { id: event.id, title: event.title, status: 'cancelled' });
  let queued = 0;
  for (const paymentId of await lockRefundablePaymentsOfEvent(tx, event.id)) {
    const refund = await reserveRefund(tx, {
      paymentId,
      amount: null,
      reason: `event ${event.id} was cancelled`,
      source: 'event_cancelled',
      requestedBy: null,
      claimId: null,
      traceparent,
      graceMs: 0
    });
    if (refund) queued++;
  }
  if (queued > 0) ctx.logger.info({ eventId: event.id, refunds: queued }, 'event cancelled; refunds queued');
}
