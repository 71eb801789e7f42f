import type { Queryable } from '@style-flow/platform';

export type PaymentCopyRow = {
  payment_id: number;
  user_id: number;
  invoice_number: string | null;
  issued_at: Date | null;
  data: PaymentData;
};

/** The payment as its latest fact told it (amounts as decimal strings with the currency's digits). */
export type PaymentData = {
  amount: string;
  currency: string;
  status: 'pending' | 'completed' | 'failed' | 'partially_refunded' | 'refunded';
  refunded_amount: string;
  event_id: number | null;
  client_id: number | null;
  description: string | null;
};

export type RefundCopyRow = {
  refund_id: number;
  payment_id: number;
  credit_note_number: string | null;
  amount: string;
  reason: string | null;
  issued_at: Date;
};

/** Keeps a payment; `issuedAt`: the time of the fact that completed it, when this is that fact. */
export async function keepPayment(
  tx: Queryable,
  p: { payment_id: number; user_id: number; invoice_number: string | null; data: PaymentData },
  issuedAt: Date | null
): Promise<void> {
  await tx.query(
    `insert into payment_copies (payment_id, user_id, invoice_number, issued_at, data) values ($1, $2, $3, $4, $5)
     on conflict (payment_id) do update set invoice_number = coalesce(excluded.invoice_number,
       payment_copies.invoice_number), issued_at = coalesce(payment_copies.issued_at, excluded.issued_at),
       data = excluded.data`,
    [p.payment_id, p.user_id, p.invoice_number, issuedAt, JSON.stringify(p.data)]
  );
}

export async function keepRefund(tx: Queryable, r: RefundCopyRow): Promise<void> {
  await tx.query(
    `insert into refund_copies (refund_id, payment_id, credit_note_number, amount, reason, issued_at)
     values ($1, $2, $3, $4, $5, $6) on conflict (refund_id) do nothing`,
    [r.refund_id, r.payment_id, r.credit_note_number, r.amount, r.reason, r.issued_at]
  );
}

export async function findPayment(db: Queryable, paymentId: number): Promise<PaymentCopyRow | null> {
  const { rows } = await db.query<PaymentCopyRow>(
    'select payment_id, user_id, invoice_number, issued_at, data from payment_copies where payment_id = $1',
    [paymentId]
  );
  return rows[0] ?? null;
}

/** The refunds of a payment up to and including one, oldest first: the credit notes an invoice then lists. */
export async function refundsUpTo(db: Queryable, paymentId: number, refundId: number): Promise<RefundCopyRow[]> {
  const { rows } = await db.query<RefundCopyRow>(
    `select refund_id, payment_id, credit_note_number, amount, reason, issued_at from refund_copies
     where payment_id = $1 and refund_id <= $2 order by refund_id`,
    [paymentId, refundId]
  );
  return rows;
}
