import { EventCancelled, EventCreated, EventUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepEventCopy } from '../domain/keep-copies.ts';
import { refundCancelledEvent } from '../domain/refund-cancelled-event.ts';
import type { PaymentContext } from '../payment-context.ts';

/** `event-events`: which events are cancelled (they take no payment), and a cancelled event's payments refunded. */
export function eventEventsHandlers(ctx: PaymentContext): EventHandler[] {
  return [
    on(EventCreated, (tx, e) => keepEventCopy(tx, e)),
    on(EventUpdated, (tx, e) => keepEventCopy(tx, e)),
    on(EventCancelled, (tx, e, _event, { traceparent }) => refundCancelledEvent(ctx, tx, e, traceparent))
  ];
}
