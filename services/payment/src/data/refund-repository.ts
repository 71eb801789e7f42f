import type { Queryable } from '@style-flow/platform';

export type RefundStatus = 'pending' | 'completed' | 'failed';
export type RefundSource = 'request' | 'event_cancelled' | 'late_payment';

export type RefundRow = {
  id: number;
  payment_id: number;
  amount: string;
  reason: string | null;
  status: RefundStatus;
  source: RefundSource;
  requested_by: number | null;
  failure_reason: string | null;
  credit_note_number: string | null;
  created_at: Date;
  settled_at: Date | null;
  traceparent: string | null;
};

const columns = `r.id, r.payment_id, r.amount::text as amount, r.reason, r.status, r.source, r.requested_by,
  r.failure_reason,
  (select c.series || '-' || lpad(c.number::text, 6, '0') from credit_notes c where c.refund_id = r.id)
    as credit_note_number,
  r.created_at, r.settled_at, r.traceparent`;

/** What a reservation took: the payment and the amount reserved for the refund. */
export type Reservation = { payment_id: number; amount: string };

/**
 * Reserves a refund in ONE conditional UPDATE (DESIGN rule 9): `refunded` grows only while it stays within the
 * amount, so no interleaving of any number of refunds can ever refund more than was paid (and the table's CHECK
 * says so a second time). `amount` null reserves everything that remains: the row is locked in the same statement
 * before what remains is read (a plain join would read a version that a concurrent refund has just replaced).
 * Null when nothing was reserved.
 */
export async function reserveRefund(tx: Queryable, paymentId: number, amount: string | null): Promise<Reservation | null> {
  const { rows } = await tx.query<Reservation>(
    `with locked as (
       select id, coalesce($2::numeric, amount - refunded) as asked from payments where id = $1 for update)
     update payments p set
       refunded = p.refunded + l.asked,
       status = case when p.refunded + l.asked = p.amount then 'refunded' else 'partially_refunded' end,
       updated_at = now()
     from locked l
     where p.id = l.id
       and p.status in ('completed', 'partially_refunded')
       and l.asked > 0
       and p.refunded + l.asked <= p.amount
     returning p.id as payment_id, l.asked::text as amount`,
    [paymentId, amount]
  );
  return rows[0] ?? null;
}

/**
 * The payments of an event that have money left to refund, in id order, locked; its pending payments are locked (and
 * waited for) too. A completion in flight then either commits first, and its payment is found completed here, or
 * waits for this transaction and finds the event cancelled in the copy (settle-payment.ts refunds it then): a plain
 * read of the completed payments would miss one completed a moment ago and not yet committed.
 */
export async function lockRefundablePaymentsOfEvent(tx: Queryable, eventId: number): Promise<number[]> {
  const { rows } = await tx.query<{ id: number; status: string }>(
    `select id, status from payments where event_id = $1 and status in ('pending', 'completed', 'partially_refunded')
     order by id for update`,
    [eventId]
  );
  return rows.filter((r) => r.status !== 'pending').map((r) => r.id);
}

/** Gives a failed refund's reservation back: `refunded` falls by it and the status follows. */
export async function releaseReservation(tx: Queryable, paymentId: number, amount: string): Promise<void> {
  await tx.query(
    `update payments set refunded = refunded - $2::numeric,
       status = case when refunded - $2::numeric = 0 then 'completed' else 'partially_refunded' end,
       updated_at = now()
     where id = $1`,
    [paymentId, amount]
  );
}

export async function insertRefund(
  tx: Queryable,
  r: {
    paymentId: number;
    amount: string;
    reason: string | null;
    source: RefundSource;
    requestedBy: number | null;
    idempotencyKeyId: number | null;
    traceparent: string | undefined;
    /** When the refund worker may ask the provider: 0 at once, else after the request had its turn. */
    graceMs: number;
  }
): Promise<RefundRow> {
  const { rows } = await tx.query<{ id: number }>(
    `insert into refunds (payment_id, amount, reason, status, source, requested_by, idempotency_key_id, traceparent,
       next_attempt_at)
     values ($1, $2::numeric, $3, 'pending', $4, $5, $6, $8, now() + $7::int * interval '1 millisecond') returning id`,
    [r.paymentId, r.amount, r.reason, r.source, r.requestedBy, r.idempotencyKeyId, r.graceMs, r.traceparent ?? null]
  );
  return (await findRefund(tx, rows[0]!.id))!;
}

export async function findRefund(db: Queryable, id: number): Promise<RefundRow | null> {
  const { rows } = await db.query<RefundRow>(`select ${columns} from refunds r where r.id = $1`, [id]);
  return rows[0] ?? null;
}

/** Refunds by id, in id order, in one query (a transaction's queries run one after another on its connection). */
async function findRefunds(db: Queryable, ids: readonly number[]): Promise<RefundRow[]> {
  const { rows } = await db.query<RefundRow>(`select ${columns} from refunds r where r.id = any($1::int[]) order by r.id`, [
    ids
  ]);
  return rows;
}

export async function refundOfClaim(db: Queryable, claimId: number): Promise<RefundRow | null> {
  const { rows } = await db.query<RefundRow>(`select ${columns} from refunds r where r.idempotency_key_id = $1`, [
    claimId
  ]);
  return rows[0] ?? null;
}

export async function refundsOfPayment(
  db: Queryable,
  paymentId: number,
  after: number | null,
  limit: number
): Promise<RefundRow[]> {
  const { rows } = await db.query<RefundRow>(
    `select ${columns} from refunds r where r.payment_id = $1 and ($2::int is null or r.id > $2) order by r.id limit $3`,
    [paymentId, after, limit]
  );
  return rows;
}

/** pending → completed or failed, once; null when another path settled it first. */
export async function settleRefund(
  tx: Queryable,
  id: number,
  outcome: { status: 'completed' } | { status: 'failed'; reason: string }
): Promise<RefundRow | null> {
  const { rowCount } = await tx.query(
    `update refunds set status = $2, failure_reason = $3, settled_at = now(), next_attempt_at = null
     where id = $1 and status = 'pending'`,
    [id, outcome.status, outcome.status === 'failed' ? outcome.reason : null]
  );
  return rowCount === 0 ? null : findRefund(tx, id);
}

/** Up to `limit` pending refunds whose time has come, leased to this round for `leaseMs`. */
export async function claimRefundsToSettle(tx: Queryable, limit: number, leaseMs: number): Promise<RefundRow[]> {
  const { rows } = await tx.query<{ id: number }>(
    `update refunds set next_attempt_at = now() + $2::int * interval '1 millisecond'
     where id in (
       select id from refunds where status = 'pending' and next_attempt_at <= now()
       order by next_attempt_at limit $1 for update skip locked)
     returning id`,
    [limit, leaseMs]
  );
  return findRefunds(tx, rows.map((r) => r.id));
}
