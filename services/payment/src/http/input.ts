import type { Static } from 'typebox';
import type { PaymentRow } from '../data/payment-repository.ts';
import type { PaymentInput } from '../domain/create-payment.ts';
import { formatMinor, parseAmount, type Currency } from '../domain/money.ts';
import type { RefundInput } from '../domain/refund-payment.ts';
import type { CreatePaymentBody, RefundBody } from './schemas.ts';

/** A payment request with its amount read from the text the client wrote, in the currency's minor units. */
export function paymentInput(body: Static<typeof CreatePaymentBody>): PaymentInput {
  return {
    minor: parseAmount(body.amount, body.currency, '/amount'),
    currency: body.currency,
    description: body.description ?? null,
    client_id: body.client_id ?? null,
    event_id: body.event_id ?? null,
    payment_method_id: body.payment_method_id
  };
}

/** The request as the Idempotency-Key compares it: `5000` and `"5000.00"` EUR are one amount. */
export function canonicalPayment(input: PaymentInput): Record<string, unknown> {
  return { ...input, minor: input.minor.toString() };
}

/** A refund request in the payment's currency; without an amount, everything that remains. */
export function refundInput(body: Static<typeof RefundBody> | undefined, payment: PaymentRow): RefundInput {
  const unit = payment.minor_unit;
  const amount =
    body?.amount === undefined
      ? null
      : formatMinor(parseAmount(body.amount, payment.currency as Currency, '/amount'), unit);
  return { amount, reason: body?.reason ?? null };
}
