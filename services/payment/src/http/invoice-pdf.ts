import { documentFonts } from '@style-flow/platform';
import { invoiceStatusLine, renderInvoicePdf as drawInvoice, type InvoiceFonts } from '@style-flow/platform/documents';
import type { CreditNoteRow, InvoiceRow } from '../data/invoice-repository.ts';
import type { PaymentRow } from '../data/payment-repository.ts';
import { formatNumeric } from '../domain/money.ts';

export type { InvoiceFonts };

export interface InvoiceDocument {
  invoice: InvoiceRow;
  payment: PaymentRow;
  creditNotes: readonly CreditNoteRow[];
}

/**
 * The program's DejaVu Sans (SPEC §3.6: names and descriptions as written), or PAYMENT_INVOICE_FONT for both weights
 * when it is set.
 */
export function invoiceFonts(override: Buffer | null): InvoiceFonts {
  return override ? { regular: override, bold: override } : documentFonts();
}

/**
 * The invoice as a PDF, drawn by the platform's documents (the notification service mails the same layout) from
 * the invoice as issued, the payment's state now, and the credit notes issued against it.
 */
export function renderInvoicePdf(d: InvoiceDocument, fonts: InvoiceFonts): Promise<Buffer> {
  const { invoice: i, payment: p } = d;
  const money = (amount: string, currency: string) => `${formatNumeric(amount, i.minor_unit)} ${currency}`;
  return drawInvoice(
    {
      number: i.number,
      paymentId: i.payment_id,
      issuedAt: i.issued_at,
      billTo: i.bill_to,
      client: i.client_id === null ? null : { id: i.client_id, name: i.client_name },
      method: i.method_name,
      eventId: i.event_id,
      description: i.description,
      status: invoiceStatusLine({
        status: p.status,
        paidOn: p.settled_at ?? p.updated_at,
        refunded: formatNumeric(p.refunded, p.minor_unit),
        currency: p.currency
      }),
      total: money(i.amount, i.currency),
      creditNotes: d.creditNotes.map((c) => ({
        number: c.number,
        issuedAt: c.issued_at,
        amount: money(c.amount, c.currency),
        reason: c.reason
      }))
    },
    fonts
  );
}
