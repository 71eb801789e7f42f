import type { Queryable } from '@style-flow/platform';

export type LedgerKind = 'charge' | 'refund' | 'reversal';

export type TransactionRow = {
  id: number;
  payment_id: number;
  refund_id: number | null;
  kind: LedgerKind;
  amount: string;
  currency: string;
  minor_unit: number;
  user_id: number;
  event_id: number | null;
  client_id: number | null;
  created_at: Date;
};

const columns = `t.id, t.payment_id, t.refund_id, t.kind, t.amount::text as amount, t.currency, p.minor_unit,
  t.user_id, t.event_id, t.client_id, t.created_at`;

/**
 * Appends one movement of money for a payment, copying who and what it concerns from the payment so the ledger is
 * filtered without joins. Signed: a charge and a reversal add, a refund takes away.
 */
export async function appendTransaction(
  tx: Queryable,
  entry: { paymentId: number; refundId: number | null; kind: LedgerKind; amount: string }
): Promise<void> {
  const signed = entry.kind === 'refund' ? '-1' : '1';
  await tx.query(
    `insert into transactions (payment_id, refund_id, kind, amount, currency, user_id, event_id, client_id)
     select p.id, $2, $3, $4::numeric * $5::numeric, p.currency, p.user_id, p.event_id, p.client_id
     from payments p where p.id = $1`,
    [entry.paymentId, entry.refundId, entry.kind, entry.amount, signed]
  );
}

export interface TransactionFilter {
  payment_id?: number | undefined;
  event_id?: number | undefined;
  client_id?: number | undefined;
  user_id?: number | undefined;
  kind?: LedgerKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export async function listTransactions(
  db: Queryable,
  f: TransactionFilter,
  after: number | null,
  limit: number
): Promise<TransactionRow[]> {
  const { rows } = await db.query<TransactionRow>(
    `select ${columns} from transactions t join payments p on p.id = t.payment_id
     where ($1::int is null or t.payment_id = $1)
       and ($2::int is null or t.event_id = $2)
       and ($3::int is null or t.client_id = $3)
       and ($4::bigint is null or t.user_id = $4)
       and ($5::text is null or t.kind = $5)
       and ($6::timestamptz is null or t.created_at >= $6)
       and ($7::timestamptz is null or t.created_at < $7)
       and ($8::bigint is null or t.id > $8)
     order by t.id limit $9`,
    [
      f.payment_id ?? null,
      f.event_id ?? null,
      f.client_id ?? null,
      f.user_id ?? null,
      f.kind ?? null,
      f.from ?? null,
      f.to ?? null,
      after,
      limit
    ]
  );
  return rows;
}

/**
 * Payments whose ledger does not sum to the amount they keep (amount − refunded once charged, 0 before): the
 * reconciliation's count, which must be 0.
 */
export async function countLedgerMismatches(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ mismatches: number }>(
    `select count(*)::int as mismatches from payments p
     left join (select payment_id, sum(amount) as total from transactions group by payment_id) t on t.payment_id = p.id
     where coalesce(t.total, 0) <> case when p.status in ('completed', 'partially_refunded', 'refunded')
                                        then p.amount - p.refunded else 0 end`
  );
  return rows[0]!.mismatches;
}

export type LedgerInterval = 'day' | 'week' | 'month';

export type LedgerSumRow = { currency: string; period: Date; amount: string };

/**
 * The ledger's rows with `from` ≤ created_at < `to`, summed per currency and per period: a calendar day, an ISO week
 * (from Monday) or a month, in UTC whatever the session's time zone. Only the periods that have rows come back.
 */
export async function sumTransactions(
  db: Queryable,
  window: { from: string; to: string; interval: LedgerInterval }
): Promise<LedgerSumRow[]> {
  const { rows } = await db.query<LedgerSumRow>(
    `select t.currency, date_trunc($3, t.created_at, 'UTC') as period, sum(t.amount)::text as amount
     from transactions t
     where t.created_at >= $1 and t.created_at < $2
     group by 1, 2
     order by 1, 2`,
    [window.from, window.to, window.interval]
  );
  return rows;
}
