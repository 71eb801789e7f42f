import type { CloudEvent, EventData, PaymentCompleted, PaymentRefunded } from '@style-flow/contracts';
import { type Queryable, occurredAt } from '@style-flow/platform';
import { lockLandingClient } from '../data/client-repository.ts';
import { addPaid, addRefunded } from '../data/payment-totals-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { logSystemEntry } from './log-activity.ts';

type Payment = EventData<typeof PaymentCompleted>;
type Refunded = EventData<typeof PaymentRefunded>;
export type PaymentOutcome = 'completed' | 'failed' | 'refunded';

const money = (amount: string, currency: string) => `${amount} ${currency}`;

function describe(outcome: PaymentOutcome, p: Payment | Refunded): { description: string; amount: string } {
  if (outcome === 'refunded') {
    const refund = (p as Refunded).refund;
    const reason = refund.reason ? `: ${refund.reason}` : '';
    return {
      description: `Refund of ${money(refund.amount, p.currency)} on payment #${p.id}${reason}`,
      amount: refund.amount
    };
  }
  if (outcome === 'failed') {
    const reason = p.failure_reason ? `: ${p.failure_reason}` : '';
    return { description: `Payment #${p.id} of ${money(p.amount, p.currency)} failed${reason}`, amount: p.amount };
  }
  const what = p.description ? ` (${p.description})` : '';
  return { description: `Payment #${p.id} of ${money(p.amount, p.currency)} completed${what}`, amount: p.amount };
}

/**
 * A payment of a client (`client_id` set) on its timeline, and in its totals: completed adds its amount to the
 * paid total, refunded adds the refund's amount to the refunded total (summed in numeric by the database). A
 * payment of a merged client lands on the client that took it over; one of a client this service does not know
 * is skipped and logged, not retried: no later delivery would make it known.
 */
export async function recordPayment(
  ctx: ClientContext,
  tx: Queryable,
  outcome: PaymentOutcome,
  payment: Payment | Refunded,
  event: CloudEvent,
  traceparent: string | undefined
): Promise<void> {
  if (payment.client_id === null) return;
  const client = await lockLandingClient(tx, payment.client_id);
  if (!client) {
    ctx.logger.warn(
      { paymentId: payment.id, clientId: payment.client_id },
      `payment.${outcome} for an unknown client; skipped`
    );
    return;
  }
  const { description, amount } = describe(outcome, payment);
  const logged = await logSystemEntry(
    ctx,
    tx,
    {
      client_id: client.id,
      type: `payment_${outcome}`,
      description,
      occurred_at: occurredAt(event),
      source_event_id: event.id,
      payment_id: payment.id,
      event_id: payment.event_id,
      amount,
      currency: payment.currency
    },
    traceparent
  );
  // The totals move with the entry: an event already logged (the second guard spoke) is not counted twice.
  if (!logged) return;
  if (outcome === 'completed') await addPaid(tx, client.id, payment.currency, amount);
  if (outcome === 'refunded') await addRefunded(tx, client.id, payment.currency, amount);
}
