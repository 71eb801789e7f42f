import { PaymentCompleted, PaymentFailed, PaymentRefunded } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { ClientContext } from '../client-context.ts';
import { recordPayment } from '../domain/record-payment.ts';

/** `payment-events`: a client's payments on its timeline (completed, failed, refunded) and in its totals. */
export function paymentEventsHandlers(ctx: ClientContext): EventHandler[] {
  return [
    on(PaymentCompleted, (tx, p, event, { traceparent }) => recordPayment(ctx, tx, 'completed', p, event, traceparent)),
    on(PaymentFailed, (tx, p, event, { traceparent }) => recordPayment(ctx, tx, 'failed', p, event, traceparent)),
    on(PaymentRefunded, (tx, p, event, { traceparent }) => recordPayment(ctx, tx, 'refunded', p, event, traceparent))
  ];
}
