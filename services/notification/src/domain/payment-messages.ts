import type { EventData, PaymentCompleted, PaymentRefunded } from '@style-flow/contracts';
import type { CloudEvent } from '@style-flow/contracts';
import type { DeliveryContext, Queryable } from '@style-flow/platform';
import { keepPayment, keepRefund, type PaymentData } from '../data/payment-copy-repository.ts';
import type { NotificationContext } from '../notification-context.ts';
import { queueFromFact } from './queue-messages.ts';

type Payment = EventData<typeof PaymentCompleted>;

const dataOf = (p: Payment): PaymentData => ({
  amount: p.amount,
  currency: p.currency,
  status: p.status,
  refunded_amount: p.refunded_amount,
  event_id: p.event_id,
  client_id: p.client_id,
  description: p.description
});

/** Any payment fact keeps the copy an invoice is drawn from; only payment.completed dates the invoice. */
export async function keepPaymentFact(tx: Queryable, p: Payment, issuedAt: Date | null): Promise<void> {
  await keepPayment(
    tx,
    { payment_id: p.id, user_id: p.user_id, invoice_number: p.invoice_number ?? null, data: dataOf(p) },
    issuedAt
  );
}

/** The receipt, with the invoice the payment service issued in the same transaction as the fact. */
export async function onPaymentCompleted(
  ctx: NotificationContext,
  tx: Queryable,
  p: Payment,
  event: CloudEvent,
  delivery: DeliveryContext
): Promise<void> {
  await keepPaymentFact(tx, p, new Date(event.time));
  await queueFromFact(ctx, tx, delivery, [
    {
      factId: event.id,
      recipientId: p.user_id,
      type: 'payment_receipt',
      toAddress: null,
      payload: { payment_id: p.id, amount: p.amount, status: p.status, refunded_amount: p.refunded_amount }
    }
  ]);
}

/** The refund, with the invoice and the credit notes issued against it up to this one. */
export async function onPaymentRefunded(
  ctx: NotificationContext,
  tx: Queryable,
  p: EventData<typeof PaymentRefunded>,
  event: CloudEvent,
  delivery: DeliveryContext
): Promise<void> {
  await keepPaymentFact(tx, p, null);
  const refund = p.refund;
  await keepRefund(tx, {
    refund_id: refund.id,
    payment_id: p.id,
    credit_note_number: refund.credit_note_number ?? null,
    amount: refund.amount,
    reason: refund.reason,
    issued_at: new Date(event.time)
  });
  await queueFromFact(ctx, tx, delivery, [
    {
      factId: event.id,
      recipientId: p.user_id,
      type: 'payment_refund',
      toAddress: null,
      payload: {
        payment_id: p.id,
        refund_id: refund.id,
        refund_amount: refund.amount,
        reason: refund.reason,
        credit_note_number: refund.credit_note_number ?? null,
        status: p.status,
        refunded_amount: p.refunded_amount
      }
    }
  ]);
}
