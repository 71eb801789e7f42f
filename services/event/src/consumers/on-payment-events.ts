import { PaymentCompleted, PaymentFailed, PaymentRefunded } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { EventContext } from '../event-context.ts';
import { confirmPayment, failPayment, refundPayment } from '../domain/settlement.ts';

/** `payment-events`: completed → confirmed; failed → seat released; refunded in full → cancelled. */
export function paymentHandlers(ctx: EventContext): EventHandler[] {
  return [
    on(PaymentCompleted, (tx, payment, _event, { traceparent }) => confirmPayment(ctx, tx, payment, traceparent)),
    on(PaymentFailed, (tx, payment, _event, { traceparent }) => failPayment(ctx, tx, payment, traceparent)),
    on(PaymentRefunded, (tx, payment, _event, { traceparent }) => refundPayment(ctx, tx, payment, traceparent))
  ];
}
