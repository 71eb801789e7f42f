import {
  PaymentCompleted,
  PaymentFailed,
  PaymentRefunded,
  type CloudEvent,
  type EventData
} from '@style-flow/contracts';
import { on, type EventHandler, type Queryable } from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';

type Payment = EventData<typeof PaymentCompleted>;

/** Amounts stay the decimal strings of the contract (SPEC §1: money is never a float) from payload to answer. */
function recordAs<P extends Payment>(type: string, more: (p: P) => Record<string, unknown>) {
  return (tx: Queryable, p: P, event: CloudEvent) =>
    recordActivity(tx, {
      userId: p.user_id,
      type,
      details: {
        payment_id: p.id,
        amount: p.amount,
        currency: p.currency,
        event_id: p.event_id,
        client_id: p.client_id,
        ...more(p)
      },
      occurredAt: event.time,
      sourceEventId: event.id
    });
}

/**
 * `payment-events`: what the user paid, what failed and what it got back, in its history (SPEC §3.2), one
 * row per event id. `payment.created` is not history: the payment's outcome is, and follows it.
 */
export function paymentEventsHandlers(): EventHandler[] {
  return [
    on(
      PaymentCompleted,
      recordAs('paid', (p) => ({ invoice_number: p.invoice_number ?? null }))
    ),
    on(
      PaymentFailed,
      recordAs('payment_failed', (p) => ({ reason: p.failure_reason ?? null }))
    ),
    on(
      PaymentRefunded,
      recordAs<EventData<typeof PaymentRefunded>>('refunded', (p) => ({
        // What this refund gave back; the payment's own amount and its refunds so far beside it.
        amount: p.refund.amount,
        payment_amount: p.amount,
        refunded_amount: p.refunded_amount,
        refund_id: p.refund.id,
        reason: p.refund.reason,
        credit_note_number: p.refund.credit_note_number ?? null
      }))
    )
  ];
}
