import { Type } from 'typebox';
import { Id, IdParams, Nullable, PageQuery, Text, Timestamp } from '@style-flow/platform';
import { currencies } from '../domain/money.ts';

export { IdParams };

/**
 * An amount as a JSON number or a string, a plain decimal either way (SPEC §1: no exponent). A number reaches the
 * route as its own text (json-body.ts refuses one written with an exponent), this pattern refuses `"1e3"`, and the
 * currency's minor unit is checked on the text (parseAmount), since a JSON number has no pattern.
 */
export const Amount = Type.Union(
  [
    Type.Number({ exclusiveMinimum: 0, maximum: 1e10 }),
    Type.String({ maxLength: 25, pattern: '^\\d{1,12}(\\.\\d{1,12})?$' })
  ],
  {
    description:
      'a plain decimal with at most the currency\'s ISO 4217 minor unit of decimals: "49.90" EUR, 5000 JPY, "1.250" KWD; never in exponent notation (1e3 is refused)'
  }
);
const Money = Type.String({ description: 'a decimal string with the currency\'s digits ("5000.00")' });
const Currency = Type.Enum(currencies, { description: 'ISO 4217; others are refused' });
const PaymentStatus = Type.Enum(['pending', 'completed', 'failed', 'partially_refunded', 'refunded']);
const MethodType = Type.Enum(['card', 'bank_transfer', 'cash', 'invoice']);
const LedgerKind = Type.Enum(['charge', 'refund', 'reversal']);
const intervals = ['day', 'week', 'month'] as const;
const calendarPeriods = 'calendar periods in UTC; a week starts on Monday (ISO 8601)';
const LedgerInterval = Type.Enum(intervals, { description: calendarPeriods });
const Instant = Type.String({ format: 'date-time' });

/** Idempotency-Key: a structured-field string ("…") or a bare token, 1–255 visible characters. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      maxLength: 257,
      pattern: '^("[\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]{1,255}"|[\\x21\\x23-\\x7e]{1,255})$',
      description: 'repeating a request with the same key and body answers the first answer (kept 24 h)'
    })
  )
});

export const CreatePaymentBody = Type.Object(
  {
    amount: Amount,
    currency: Currency,
    description: Type.Optional(Nullable(Text({ maxLength: 1000 }))),
    client_id: Type.Optional(Nullable(Id)),
    event_id: Type.Optional(Nullable(Id)),
    payment_method_id: Id
  },
  { additionalProperties: false }
);

export const RefundBody = Type.Object(
  {
    amount: Type.Optional(Amount),
    reason: Type.Optional(Nullable(Text({ maxLength: 500 })))
  },
  { additionalProperties: false, description: 'without amount, everything that remains is refunded' }
);

export const PaymentView = Type.Object({
  id: Type.Integer(),
  amount: Money,
  currency: Type.String(),
  status: PaymentStatus,
  refunded_amount: Money,
  refundable_amount: Money,
  user_id: Type.Integer(),
  event_id: Nullable(Type.Integer()),
  client_id: Nullable(Type.Integer()),
  payment_method_id: Type.Integer(),
  payment_method_type: MethodType,
  description: Nullable(Type.String()),
  failure_reason: Nullable(Type.String()),
  invoice_number: Nullable(Type.String()),
  created_at: Instant,
  updated_at: Instant,
  settled_at: Nullable(Instant)
});

export const RefundView = Type.Object({
  id: Type.Integer(),
  payment_id: Type.Integer(),
  amount: Money,
  currency: Type.String(),
  reason: Nullable(Type.String()),
  status: Type.Enum(['pending', 'completed', 'failed']),
  source: Type.Enum(['request', 'event_cancelled', 'late_payment']),
  failure_reason: Nullable(Type.String()),
  credit_note_number: Nullable(Type.String()),
  created_at: Instant,
  settled_at: Nullable(Instant)
});

/** A refund as POST answers it: with the payment after it. */
export const RefundAnswer = Type.Object({ ...RefundView.properties, payment: PaymentView });

export const RefundParams = Type.Object({ id: Id, refund_id: Id });

export const CreditNoteView = Type.Object({
  number: Type.String(),
  refund_id: Type.Integer(),
  invoice_number: Type.String(),
  amount: Money,
  currency: Type.String(),
  reason: Nullable(Type.String()),
  issued_at: Instant
});

export const InvoiceView = Type.Object({
  number: Type.String(),
  payment_id: Type.Integer(),
  issued_at: Instant,
  amount: Money,
  currency: Type.String(),
  bill_to: Type.String(),
  user_id: Type.Integer(),
  client_id: Nullable(Type.Integer()),
  client_name: Nullable(Type.String()),
  event_id: Nullable(Type.Integer()),
  description: Nullable(Type.String()),
  payment_method: Type.String(),
  payment_status: PaymentStatus,
  credit_notes: Type.Array(CreditNoteView)
});

export const TransactionView = Type.Object({
  id: Type.Integer(),
  payment_id: Type.Integer(),
  refund_id: Nullable(Type.Integer()),
  kind: LedgerKind,
  amount: Type.String({ description: 'signed: a charge and a reversal add, a refund takes away' }),
  currency: Type.String(),
  user_id: Type.Integer(),
  event_id: Nullable(Type.Integer()),
  client_id: Nullable(Type.Integer()),
  created_at: Instant
});

export const PaymentMethodView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  type: MethodType,
  provider: Nullable(Type.String()),
  is_active: Type.Boolean(),
  created_at: Instant,
  updated_at: Instant
});

const methodFields = {
  name: Text({ minLength: 1, maxLength: 100 }),
  provider: Type.Optional(Nullable(Text({ maxLength: 100 }))),
  is_active: Type.Optional(Type.Boolean())
};

export const CreatePaymentMethodBody = Type.Object(
  { ...methodFields, type: MethodType },
  { additionalProperties: false }
);
export const UpdatePaymentMethodBody = Type.Partial(Type.Object(methodFields), {
  additionalProperties: false,
  minProperties: 1
});

export const ListPaymentsQuery = Type.Object(
  {
    ...PageQuery,
    status: Type.Optional(PaymentStatus),
    client_id: Type.Optional(Id),
    event_id: Type.Optional(Id),
    user_id: Type.Optional(Id),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp)
  },
  { additionalProperties: false }
);

export const ListTransactionsQuery = Type.Object(
  {
    ...PageQuery,
    payment_id: Type.Optional(Id),
    event_id: Type.Optional(Id),
    client_id: Type.Optional(Id),
    user_id: Type.Optional(Id),
    kind: Type.Optional(LedgerKind),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp)
  },
  { additionalProperties: false }
);

export const LedgerSummaryQuery = Type.Object(
  {
    from: Timestamp,
    to: Timestamp,
    interval: Type.Optional(Type.Enum(intervals, { description: calendarPeriods, default: 'week' }))
  },
  { additionalProperties: false }
);

const SignedMoney = Type.String({
  description: 'a signed decimal string with the currency\'s digits ("-12.50"): charges and reversals less refunds'
});

export const LedgerSummaryView = Type.Object({
  from: Instant,
  to: Instant,
  interval: LedgerInterval,
  data: Type.Array(
    Type.Object({
      currency: Type.String(),
      total: SignedMoney,
      periods: Type.Array(
        Type.Object({
          start: Type.String({ format: 'date-time', description: 'the first may start before `from`' }),
          amount: SignedMoney
        }),
        { description: 'every period the window touches, oldest first, zero ("0.00") where nothing moved' }
      )
    }),
    { description: 'one entry per currency that has a ledger row in the window, by currency code' }
  )
});

export const ListPaymentMethodsQuery = Type.Object(
  { ...PageQuery, is_active: Type.Optional(Type.Boolean()), type: Type.Optional(MethodType) },
  { additionalProperties: false }
);
