import type { Static } from 'typebox';
import type { CreditNoteRow, InvoiceRow } from '../data/invoice-repository.ts';
import type { TransactionRow } from '../data/ledger-repository.ts';
import type { PaymentMethodRow } from '../data/payment-method-repository.ts';
import type { PaymentRow } from '../data/payment-repository.ts';
import type { RefundRow } from '../data/refund-repository.ts';
import type { CurrencySums, SummaryWindow } from '../domain/ledger-summary.ts';
import { formatMinor, formatNumeric, numericToMinor } from '../domain/money.ts';
import type {
  CreditNoteView,
  InvoiceView,
  LedgerSummaryView,
  PaymentMethodView,
  PaymentView,
  RefundView,
  TransactionView
} from './schemas.ts';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function paymentView(p: PaymentRow): Static<typeof PaymentView> {
  const unit = p.minor_unit;
  const kept = numericToMinor(p.amount, unit) - numericToMinor(p.refunded, unit);
  const refundable = p.status === 'completed' || p.status === 'partially_refunded' ? kept : 0n;
  return {
    id: p.id,
    amount: formatNumeric(p.amount, unit),
    currency: p.currency,
    status: p.status,
    refunded_amount: formatNumeric(p.refunded, unit),
    refundable_amount: formatMinor(refundable, unit),
    user_id: p.user_id,
    event_id: p.event_id,
    client_id: p.client_id,
    payment_method_id: p.payment_method_id,
    payment_method_type: p.method_type,
    description: p.description,
    failure_reason: p.failure_reason,
    invoice_number: p.invoice_number,
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
    settled_at: iso(p.settled_at)
  };
}

export function refundView(r: RefundRow, payment: PaymentRow): Static<typeof RefundView> {
  return {
    id: r.id,
    payment_id: r.payment_id,
    amount: formatNumeric(r.amount, payment.minor_unit),
    currency: payment.currency,
    reason: r.reason,
    status: r.status,
    source: r.source,
    failure_reason: r.failure_reason,
    credit_note_number: r.credit_note_number,
    created_at: r.created_at.toISOString(),
    settled_at: iso(r.settled_at)
  };
}

export function creditNoteView(c: CreditNoteRow, minorUnit: number): Static<typeof CreditNoteView> {
  return {
    number: c.number,
    refund_id: c.refund_id,
    invoice_number: c.invoice_number,
    amount: formatNumeric(c.amount, minorUnit),
    currency: c.currency,
    reason: c.reason,
    issued_at: c.issued_at.toISOString()
  };
}

export function invoiceView(
  i: InvoiceRow,
  payment: PaymentRow,
  creditNotes: readonly CreditNoteRow[]
): Static<typeof InvoiceView> {
  return {
    number: i.number,
    payment_id: i.payment_id,
    issued_at: i.issued_at.toISOString(),
    amount: formatNumeric(i.amount, i.minor_unit),
    currency: i.currency,
    bill_to: i.bill_to,
    user_id: i.user_id,
    client_id: i.client_id,
    client_name: i.client_name,
    event_id: i.event_id,
    description: i.description,
    payment_method: i.method_name,
    payment_status: payment.status,
    credit_notes: creditNotes.map((c) => creditNoteView(c, i.minor_unit))
  };
}

export function transactionView(t: TransactionRow): Static<typeof TransactionView> {
  return {
    id: t.id,
    payment_id: t.payment_id,
    refund_id: t.refund_id,
    kind: t.kind,
    amount: formatNumeric(t.amount, t.minor_unit),
    currency: t.currency,
    user_id: t.user_id,
    event_id: t.event_id,
    client_id: t.client_id,
    created_at: t.created_at.toISOString()
  };
}

export function ledgerSummaryView(
  window: SummaryWindow,
  sums: readonly CurrencySums[]
): Static<typeof LedgerSummaryView> {
  return {
    from: window.from,
    to: window.to,
    interval: window.interval,
    data: sums.map((c) => ({
      currency: c.currency,
      total: formatMinor(c.total, c.unit),
      periods: c.sums.map((sum, i) => ({ start: window.starts[i]!.toISOString(), amount: formatMinor(sum, c.unit) }))
    }))
  };
}

export function paymentMethodView(m: PaymentMethodRow): Static<typeof PaymentMethodView> {
  return {
    id: m.id,
    name: m.name,
    type: m.type,
    provider: m.provider,
    is_active: m.is_active,
    created_at: m.created_at.toISOString(),
    updated_at: m.updated_at.toISOString()
  };
}
