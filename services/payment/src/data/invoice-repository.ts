import type { Queryable } from '@style-flow/platform';

export type InvoiceRow = {
  id: number;
  number: string;
  payment_id: number;
  amount: string;
  currency: string;
  minor_unit: number;
  user_id: number;
  bill_to: string;
  client_id: number | null;
  client_name: string | null;
  event_id: number | null;
  description: string | null;
  method_name: string;
  issued_at: Date;
};

export type CreditNoteRow = {
  id: number;
  number: string;
  refund_id: number;
  invoice_number: string;
  amount: string;
  currency: string;
  reason: string | null;
  issued_at: Date;
};

const documentNumber = (alias: string) => `${alias}.series || '-' || lpad(${alias}.number::text, 6, '0')`;

const invoiceColumns = `i.id, ${documentNumber('i')} as number, i.payment_id, i.amount::text as amount, i.currency,
  i.minor_unit, i.user_id, i.bill_to, i.client_id, i.client_name, i.event_id, i.description, i.method_name, i.issued_at`;

const creditNoteColumns = `c.id, ${documentNumber('c')} as number, c.refund_id, ${documentNumber('i')} as invoice_number,
  c.amount::text as amount, c.currency, c.reason, c.issued_at`;

/**
 * The next number of a series of this year (`SF` → `SF-2026`), gapless: the counter row is raised in the caller's
 * transaction and stays locked until it ends, so numbers are handed out in commit order and a rollback returns its
 * number. The year is the database's, in UTC.
 */
async function nextNumber(tx: Queryable, prefix: string): Promise<{ series: string; number: number }> {
  const { rows } = await tx.query<{ series: string; number: number }>(
    `insert into document_counters (series, last_number)
     values ($1 || '-' || to_char(now() at time zone 'UTC', 'YYYY'), 1)
     on conflict (series) do update set last_number = document_counters.last_number + 1
     returning series, last_number as number`,
    [prefix]
  );
  return rows[0]!;
}

/** Issues the invoice of a payment: its number, the amount, and who and what it bills, as they are now. */
export async function insertInvoice(tx: Queryable, paymentId: number): Promise<InvoiceRow> {
  const { series, number } = await nextNumber(tx, 'SF');
  const { rowCount } = await tx.query(
    `insert into invoices (payment_id, series, number, amount, currency, minor_unit, user_id, bill_to, client_id,
       client_name, event_id, description, method_name)
     select p.id, $2, $3, p.amount, p.currency, p.minor_unit, p.user_id,
       coalesce(nullif(trim(concat_ws(' ', u.first_name, u.last_name)), '') || ' <' || u.email || '>',
                u.username || ' <' || u.email || '>', 'User #' || p.user_id),
       p.client_id, c.name, p.event_id, p.description, m.name
     from payments p
     join payment_methods m on m.id = p.payment_method_id
     left join known_users u on u.id = p.user_id
     left join known_clients c on c.id = p.client_id
     where p.id = $1`,
    [paymentId, series, number]
  );
  // Never a number without its document: throwing rolls the counter back with the rest.
  if (rowCount !== 1) throw new Error(`no payment ${paymentId} to invoice`);
  return (await invoiceOfPayment(tx, paymentId))!;
}

export async function invoiceOfPayment(db: Queryable, paymentId: number): Promise<InvoiceRow | null> {
  const { rows } = await db.query<InvoiceRow>(`select ${invoiceColumns} from invoices i where i.payment_id = $1`, [
    paymentId
  ]);
  return rows[0] ?? null;
}

/** Issues the credit note of a completed refund, referring to its payment's invoice. */
export async function insertCreditNote(tx: Queryable, refundId: number): Promise<CreditNoteRow> {
  const { series, number } = await nextNumber(tx, 'CN');
  const inserted = await tx.query(
    `insert into credit_notes (refund_id, invoice_id, series, number, amount, currency, reason)
     select r.id, i.id, $2, $3, r.amount, i.currency, r.reason
     from refunds r join invoices i on i.payment_id = r.payment_id
     where r.id = $1`,
    [refundId, series, number]
  );
  if (inserted.rowCount !== 1) throw new Error(`refund ${refundId} has no invoice to credit`);
  const { rows } = await tx.query<CreditNoteRow>(
    `select ${creditNoteColumns} from credit_notes c join invoices i on i.id = c.invoice_id where c.refund_id = $1`,
    [refundId]
  );
  return rows[0]!;
}

export async function creditNotesOfInvoice(db: Queryable, invoiceId: number): Promise<CreditNoteRow[]> {
  const { rows } = await db.query<CreditNoteRow>(
    `select ${creditNoteColumns} from credit_notes c join invoices i on i.id = c.invoice_id
     where c.invoice_id = $1 order by c.id`,
    [invoiceId]
  );
  return rows;
}
