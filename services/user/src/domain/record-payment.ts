import type { CloudEvent, EventData, PaymentCompleted, PaymentRefunded } from '@style-flow/contracts';
import type { Queryable } from '@style-flow/platform';
import { recordLearnedActivity } from './record-learned-activity.ts';

type Payment = EventData<typeof PaymentCompleted>;
type Refunded = EventData<typeof PaymentRefunded>;
export type PaymentOutcome = 'completed' | 'failed' | 'refunded';

const activityType: Record<PaymentOutcome, string> = {
  completed: 'paid',
  failed: 'payment_failed',
  refunded: 'refunded'
};

/** What each outcome adds to the payment's own facts. */
function outcomeDetails(outcome: PaymentOutcome, p: Payment | Refunded): Record<string, unknown> {
  if (outcome === 'completed') return { invoice_number: p.invoice_number ?? null };
  if (outcome === 'failed') return { reason: p.failure_reason ?? null };
  const { refund, amount, refunded_amount } = p as Refunded;
  // What this refund gave back; the payment's own amount and its refunds so far beside it.
  return {
    amount: refund.amount,
    payment_amount: amount,
    refunded_amount,
    refund_id: refund.id,
    reason: refund.reason,
    credit_note_number: refund.credit_note_number ?? null
  };
}

/**
 * What the user paid, what failed and what it got back, in its history (SPEC §3.2), as the client service puts a
 * client's payments on its timeline: one entry per payment event, dated when the payment service made the change.
 * Amounts stay the decimal strings of the contract (SPEC §1: money is never a float) from payload to answer.
 */
export async function recordPayment(
  tx: Queryable,
  outcome: PaymentOutcome,
  p: Payment | Refunded,
  event: CloudEvent
): Promise<void> {
  await recordLearnedActivity(tx, event, {
    userId: p.user_id,
    type: activityType[outcome],
    details: {
      payment_id: p.id,
      amount: p.amount,
      currency: p.currency,
      event_id: p.event_id,
      client_id: p.client_id,
      ...outcomeDetails(outcome, p)
    }
  });
}
