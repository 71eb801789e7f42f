import type { Queryable } from '@style-flow/platform';

export type PaymentTotalRow = { currency: string; paid: string; refunded: string };

// Amounts arrive as decimal strings and are summed by PostgreSQL in numeric: never a JavaScript float.

export async function addPaid(tx: Queryable, clientId: number, currency: string, amount: string): Promise<void> {
  await tx.query(
    `insert into payment_totals (client_id, currency, paid) values ($1, $2, $3::numeric)
     on conflict (client_id, currency) do update set paid = payment_totals.paid + excluded.paid`,
    [clientId, currency, amount]
  );
}

export async function addRefunded(tx: Queryable, clientId: number, currency: string, amount: string): Promise<void> {
  await tx.query(
    `insert into payment_totals (client_id, currency, refunded) values ($1, $2, $3::numeric)
     on conflict (client_id, currency) do update set refunded = payment_totals.refunded + excluded.refunded`,
    [clientId, currency, amount]
  );
}

/**
 * Per currency, in currency order. Both amounts are shown with the decimals the currency's amounts came with
 * ("5000.00" paid and "0.00" refunded in RUB, "1.250" in KWD), not the bare 0 a total starts from.
 */
export async function totalsOf(db: Queryable, clientId: number): Promise<PaymentTotalRow[]> {
  const { rows } = await db.query<PaymentTotalRow>(
    `select currency, round(paid, greatest(scale(paid), scale(refunded)))::text as paid,
       round(refunded, greatest(scale(paid), scale(refunded)))::text as refunded
     from payment_totals where client_id = $1 order by currency`,
    [clientId]
  );
  return rows;
}

/** A merge: `fromId`'s totals are added to `toId`'s, currency by currency, and leave `fromId`. */
export async function moveTotals(tx: Queryable, fromId: number, toId: number): Promise<void> {
  await tx.query(
    `insert into payment_totals (client_id, currency, paid, refunded)
     select $2, currency, paid, refunded from payment_totals where client_id = $1
     on conflict (client_id, currency) do update
       set paid = payment_totals.paid + excluded.paid, refunded = payment_totals.refunded + excluded.refunded`,
    [fromId, toId]
  );
  await tx.query('delete from payment_totals where client_id = $1', [fromId]);
}
