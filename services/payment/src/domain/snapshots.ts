import type { EventData, PaymentCompleted, RefundSnapshot } from '@style-flow/contracts';
import type { Static } from 'typebox';
import type { PaymentRow } from '../data/payment-repository.ts';
import type { RefundRow } from '../data/refund-repository.ts';
import { formatNumeric } from './money.ts';

/** A payment as `payment-events` carries it: amounts as decimal strings with the currency's digits. */
export function paymentSnapshot(p: PaymentRow): EventData<typeof PaymentCompleted> {
  return {
    id: p.id,
    amount: formatNumeric(p.amount, p.minor_unit),
    currency: p.currency,
    status: p.status,
    refunded_amount: formatNumeric(p.refunded, p.minor_unit),
    user_id: p.user_id,
    event_id: p.event_id,
    client_id: p.client_id,
    payment_method_id: p.payment_method_id,
    description: p.description,
    failure_reason: p.failure_reason,
    invoice_number: p.invoice_number
  };
}

export function refundSnapshot(r: RefundRow, minorUnit: number): Static<typeof RefundSnapshot> {
  return {
    id: r.id,
    amount: formatNumeric(r.amount, minorUnit),
    reason: r.reason,
    credit_note_number: r.credit_note_number
  };
}
