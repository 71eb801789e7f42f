import { PaymentCompleted, PaymentFailed, PaymentRefunded } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { recordPayment } from '../domain/record-payment.ts';

/** `payment-events`: the payment's outcome in the payer's history. `payment.created` is not history: its outcome is. */
export function paymentEventsHandlers(): EventHandler[] {
  return [
    on(PaymentCompleted, (tx, p, event) => recordPayment(tx, 'completed', p, event)),
    on(PaymentFailed, (tx, p, event) => recordPayment(tx, 'failed', p, event)),
    on(PaymentRefunded, (tx, p, event) => recordPayment(tx, 'refunded', p, event))
  ];
}
