import { documentFonts, type DocumentFonts } from '@style-flow/platform';
import PDFDocument from 'pdfkit';
import type { CreditNoteRow, InvoiceRow } from '../data/invoice-repository.ts';
import type { PaymentRow } from '../data/payment-repository.ts';
import { formatNumeric } from '../domain/money.ts';

export interface InvoiceDocument {
  invoice: InvoiceRow;
  payment: PaymentRow;
  creditNotes: readonly CreditNoteRow[];
}

/** The TrueType fonts an invoice is set in; each PDF embeds the subset of glyphs it uses. */
export type InvoiceFonts = Pick<DocumentFonts, 'regular' | 'bold'>;

/**
 * The program's DejaVu Sans (SPEC §3.6: names and descriptions as written), or PAYMENT_INVOICE_FONT for both weights
 * when it is set.
 */
export function invoiceFonts(override: Buffer | null): InvoiceFonts {
  return override ? { regular: override, bold: override } : documentFonts();
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function statusLine(p: PaymentRow): string {
  switch (p.status) {
    case 'pending':
      return 'Awaiting payment';
    case 'completed':
      return `Paid on ${day(p.settled_at ?? p.updated_at)}`;
    case 'partially_refunded':
      return `Paid; partly refunded (${formatNumeric(p.refunded, p.minor_unit)} ${p.currency})`;
    case 'refunded':
      return 'Paid; refunded in full';
    case 'failed':
      return 'Payment failed';
  }
}

function rows(doc: PDFKit.PDFDocument, pairs: readonly [string, string][]): void {
  for (const [label, value] of pairs) {
    const y = doc.y;
    doc.fillColor('#555555').text(label, 50, y, { width: 140 });
    // The taller of the two columns decides where the next row starts (a long description wraps).
    const below = doc.y;
    doc.fillColor('#000000').text(value, 200, y, { width: 345 });
    doc.y = Math.max(doc.y, below);
    doc.moveDown(0.4);
  }
}

/**
 * The invoice as a one-page PDF (pdfkit): its number in the document's title as well as on the page, what was
 * billed to whom, the payment's state now, and the credit notes issued against it, set in `fonts` (embedded as
 * subsets, so any reader shows every name as written).
 */
export function renderInvoicePdf(d: InvoiceDocument, fonts: InvoiceFonts): Promise<Buffer> {
  const { invoice: i, payment: p } = d;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${i.number}`, Author: 'Style Flow', Subject: `Payment #${i.payment_id}` }
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts.regular).registerFont('bold', fonts.bold);
  doc.font('bold').fontSize(20).text('Style Flow', 50, 50);
  doc.font('regular').fontSize(10).fillColor('#555555').text('Events, registrations, payments');
  doc.moveDown(1.5).fillColor('#000000').font('bold').fontSize(16).text(`Invoice ${i.number}`);
  doc.moveDown(0.8).font('regular').fontSize(10);
  rows(doc, [
    ['Issued', day(i.issued_at)],
    ['Billed to', i.bill_to],
    ...(i.client_id === null ? [] : [['Client', `${i.client_name ?? 'Client'} (#${i.client_id})`] as [string, string]]),
    ['Payment', `#${i.payment_id} by ${i.method_name}`],
    ...(i.event_id === null ? [] : [['Event', `#${i.event_id}`] as [string, string]]),
    ['Description', i.description ?? '-'],
    ['Status', statusLine(p)]
  ]);
  doc
    .moveDown(0.8)
    .font('bold')
    .fontSize(14)
    .text(`Total: ${formatNumeric(i.amount, i.minor_unit)} ${i.currency}`, 50);
  if (d.creditNotes.length > 0) {
    doc.moveDown(1).fontSize(12).text('Credit notes', 50).moveDown(0.4).font('regular').fontSize(10);
    rows(
      doc,
      d.creditNotes.map((c) => [
        c.number,
        `${day(c.issued_at)}  -${formatNumeric(c.amount, i.minor_unit)} ${c.currency}${c.reason ? `  (${c.reason})` : ''}`
      ])
    );
  }
  doc
    .moveDown(2)
    .font('regular')
    .fontSize(8)
    .fillColor('#555555')
    .text('An invoice is never changed once issued; each refund is documented by a credit note referring to it.', 50);
  doc.end();
  return done;
}
