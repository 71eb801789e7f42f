import { Type } from 'typebox';
import { Topics } from '../topics.ts';
import { Nullable } from './common.ts';
import type { EventDefinition } from './event-definition.ts';

/**
 * An amount of money as a decimal string with the currency's ISO 4217 minor unit ("49.90", "5000" in JPY,
 * "1.250" in KWD), never a float: at most three decimals, since no currency in use has more.
 */
export const MoneyString = Type.String({ pattern: '^\\d{1,10}(\\.\\d{1,3})?$' });

/**
 * A payment as other services learn it from `payment-events`. `user_id` is who pays; with `event_id`
 * it names the registration the payment is for (one live registration per user and event).
 */
export const PaymentSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  amount: MoneyString,
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('completed'),
    Type.Literal('failed'),
    Type.Literal('partially_refunded'),
    Type.Literal('refunded')
  ]),
  refunded_amount: MoneyString,
  user_id: Type.Integer({ minimum: 1 }),
  event_id: Nullable(Type.Integer({ minimum: 1 })),
  client_id: Nullable(Type.Integer({ minimum: 1 })),
  payment_method_id: Type.Integer({ minimum: 1 }),
  description: Nullable(Type.String()),
  /** Why a failed payment failed (the provider's words, never card data). */
  failure_reason: Type.Optional(Nullable(Type.String())),
  /** The number of the payment's invoice (`SF-2026-000123`), once it has one. */
  invoice_number: Type.Optional(Nullable(Type.String()))
});

/** The refund that a `payment.refunded` announces, besides the payment after it. */
export const RefundSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  amount: MoneyString,
  reason: Nullable(Type.String()),
  /** The credit note the refund issued (`CN-2026-000007`). */
  credit_note_number: Type.Optional(Nullable(Type.String()))
});

export const PaymentCreated = {
  topic: Topics.paymentEvents,
  type: 'payment.created',
  data: PaymentSnapshot
} as const satisfies EventDefinition;
export const PaymentCompleted = {
  topic: Topics.paymentEvents,
  type: 'payment.completed',
  data: PaymentSnapshot
} as const satisfies EventDefinition;
export const PaymentFailed = {
  topic: Topics.paymentEvents,
  type: 'payment.failed',
  data: PaymentSnapshot
} as const satisfies EventDefinition;
export const PaymentRefunded = {
  topic: Topics.paymentEvents,
  type: 'payment.refunded',
  data: Type.Object({ ...PaymentSnapshot.properties, refund: RefundSnapshot })
} as const satisfies EventDefinition;
