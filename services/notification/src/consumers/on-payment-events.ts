import { PaymentCompleted, PaymentCreated, PaymentFailed, PaymentRefunded } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepPaymentFact, onPaymentCompleted, onPaymentRefunded } from '../domain/payment-messages.ts';
import type { NotificationContext } from '../notification-context.ts';

export function paymentEventHandlers(ctx: NotificationContext): EventHandler[] {
  return [
    on(PaymentCreated, (tx, p) => keepPaymentFact(tx, p, null)),
    on(PaymentFailed, (tx, p) => keepPaymentFact(tx, p, null)),
    on(PaymentCompleted, (tx, p, event, delivery) => onPaymentCompleted(ctx, tx, p, event, delivery)),
    on(PaymentRefunded, (tx, p, event, delivery) => onPaymentRefunded(ctx, tx, p, event, delivery))
  ];
}
