import type { Queryable } from '@style-flow/platform';

export type PaymentStatus = 'pending' | 'completed' | 'failed' | 'partially_refunded' | 'refunded';
export type MethodType = 'card' | 'bank_transfer' | 'cash' | 'invoice';

// A type, not an interface with an index signature: a misspelt column does not compile. Money is numeric, read
// as a string.
export type PaymentRow = {
  id: number;
  user_id: number;
  amount: string;
  currency: string;
  minor_unit: number;
  refunded: string;
  status: PaymentStatus;
  payment_method_id: number;
  method_type: MethodType;
  description: string | null;
  client_id: number | null;
  event_id: number | null;
  failure_reason: string | null;
  invoice_number: string | null;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
  traceparent: string | null;
};

// The invoice number is read with the payment: `SF-2026-000123`.
const columns = `p.id, p.user_id, p.amount::text as amount, p.currency, p.minor_unit, p.refunded::text as refunded,
  p.status, p.payment_method_id, p.method_type, p.description, p.client_id, p.event_id, p.failure_reason,
  (select i.series || '-' || lpad(i.number::text, 6, '0') from invoices i where i.payment_id = p.id) as invoice_number,
  p.created_at, p.updated_at, p.settled_at, p.traceparent`;

export interface NewPayment {
  userId: number;
  amount: string;
  currency: string;
  minorUnit: number;
  methodId: number;
  methodType: MethodType;
  description: string | null;
  clientId: number | null;
  eventId: number | null;
  idempotencyKeyId: number | null;
  traceparent: string;
  /** Milliseconds the request keeps a card payment to itself before the sweeper may ask the provider. */
  graceMs: number;
}

/** Writes a payment as pending; gives its id. */
export async function insertPayment(tx: Queryable, p: NewPayment): Promise<number> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into payments (user_id, amount, currency, minor_unit, status, payment_method_id, method_type, description,
       client_id, event_id, idempotency_key_id, traceparent, next_check_at)
     values ($1, $2::numeric, $3, $4, 'pending', $5, $6, $7, $8, $9, $10, $12,
       case when $6 = 'card' then now() + $11::int * interval '1 millisecond' end)
     returning id`,
    [
      p.userId,
      p.amount,
      p.currency,
      p.minorUnit,
      p.methodId,
      p.methodType,
      p.description,
      p.clientId,
      p.eventId,
      p.idempotencyKeyId,
      p.graceMs,
      p.traceparent
    ]
  );
  return rows[0]!.id;
}

export async function findPayment(db: Queryable, id: number): Promise<PaymentRow | null> {
  const { rows } = await db.query<PaymentRow>(`select ${columns} from payments p where p.id = $1`, [id]);
  return rows[0] ?? null;
}

/** The payment an Idempotency-Key claim made, when a request that took over an abandoned claim looks for it. */
export async function paymentOfClaim(db: Queryable, claimId: number): Promise<PaymentRow | null> {
  const { rows } = await db.query<PaymentRow>(`select ${columns} from payments p where p.idempotency_key_id = $1`, [
    claimId
  ]);
  return rows[0] ?? null;
}

/**
 * pending → completed or failed, once: whoever settles first (the request, the sweeper, staff) wins, and the
 * others find nothing to settle. `methodTypes` limits which payments this path may settle.
 */
export async function settlePayment(
  tx: Queryable,
  id: number,
  outcome: { status: 'completed' } | { status: 'failed'; reason: string },
  methodTypes: readonly MethodType[]
): Promise<PaymentRow | null> {
  const { rowCount } = await tx.query(
    `update payments set status = $2, failure_reason = $3, settled_at = now(), updated_at = now(), next_check_at = null
     where id = $1 and status = 'pending' and method_type = any($4::text[])`,
    [id, outcome.status, outcome.status === 'failed' ? outcome.reason : null, methodTypes]
  );
  return rowCount === 0 ? null : findPayment(tx, id);
}

/**
 * Up to `limit` pending card payments whose time to be checked has come, each leased to this round for
 * `leaseMs` (so another instance's sweeper skips them) and returned.
 */
export async function claimPaymentsToCheck(tx: Queryable, limit: number, leaseMs: number): Promise<PaymentRow[]> {
  const { rows } = await tx.query<{ id: number }>(
    `update payments set next_check_at = now() + $2::int * interval '1 millisecond'
     where id in (
       select id from payments
       where status = 'pending' and method_type = 'card' and next_check_at <= now()
       order by next_check_at limit $1 for update skip locked)
     returning id`,
    [limit, leaseMs]
  );
  const { rows: payments } = await tx.query<PaymentRow>(
    `select ${columns} from payments p where p.id = any($1::int[]) order by p.id`,
    [rows.map((r) => r.id)]
  );
  return payments;
}

export interface PaymentFilter {
  status?: PaymentStatus | undefined;
  client_id?: number | undefined;
  event_id?: number | undefined;
  user_id?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Payments in id order after a cursor; the caller narrows `user_id` to itself unless it is an admin. */
export async function listPayments(
  db: Queryable,
  f: PaymentFilter,
  after: number | null,
  limit: number
): Promise<PaymentRow[]> {
  const { rows } = await db.query<PaymentRow>(
    `select ${columns} from payments p
     where ($1::text is null or p.status = $1)
       and ($2::int is null or p.client_id = $2)
       and ($3::int is null or p.event_id = $3)
       and ($4::bigint is null or p.user_id = $4)
       and ($5::timestamptz is null or p.created_at >= $5)
       and ($6::timestamptz is null or p.created_at < $6)
       and ($7::int is null or p.id > $7)
     order by p.id limit $8`,
    [f.status ?? null, f.client_id ?? null, f.event_id ?? null, f.user_id ?? null, f.from ?? null, f.to ?? null, after, limit]
  );
  return rows;
}
