import PDFDocument from 'pdfkit';
import type { DocumentFonts } from './document-fonts.ts';

/** The TrueType fonts an invoice is set in; each PDF embeds the subset of glyphs it uses. */
export type InvoiceFonts = Pick<DocumentFonts, 'regular' | 'bold'>;

/** A credit note issued against the invoice, amounts already written with their currency's digits. */
export interface CreditNoteLine {
  number: string;
  issuedAt: Date;
  /** `1000.00 RUB` */
  amount: string;
  reason: string | null;
}

/**
 * What an invoice shows, whoever draws it: the payment service from its invoice rows, the notification service from
 * the payment facts it keeps (to mail a receipt or a credit note). One layout, so a mailed invoice reads like the
 * one downloaded.
 */
export interface InvoiceSheet {
  number: string;
  paymentId: number;
  issuedAt: Date;
  billTo: string;
  client: { id: number; name: string | null } | null;
  /** The payment method's name; null where the drawer does not know it. */
  method: string | null;
  eventId: number | null;
  description: string | null;
  /** The payment's state now (see invoiceStatusLine). */
  status: string;
  /** `5000.00 RUB` */
  total: string;
  creditNotes: readonly CreditNoteLine[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The status line of an invoice from the payment's state; amounts already written with their currency's digits. */
export function invoiceStatusLine(p: {
  status: 'pending' | 'completed' | 'failed' | 'partially_refunded' | 'refunded';
  paidOn: Date;
  refunded: string;
  currency: string;
}): string {
  switch (p.status) {
    case 'pending':
      return 'Awaiting payment';
    case 'completed':
      return `Paid on ${day(p.paidOn)}`;
    case 'partially_refunded':
      return `Paid; partly refunded (${p.refunded} ${p.currency})`;
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
export function renderInvoicePdf(i: InvoiceSheet, fonts: InvoiceFonts): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Invoice ${i.number}`, Author: 'Style Flow', Subject: `Payment #${i.paymentId}` }
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
  const optional = (label: string, value: string | null): [string, string][] =>
    value === null ? [] : [[label, value]];
  rows(doc, [
    ['Issued', day(i.issuedAt)],
    ['Billed to', i.billTo],
    ...optional('Client', i.client && `${i.client.name ?? 'Client'} (#${i.client.id})`),
    ['Payment', i.method === null ? `#${i.paymentId}` : `#${i.paymentId} by ${i.method}`],
    ...optional('Event', i.eventId === null ? null : `#${i.eventId}`),
    ['Description', i.description ?? '-'],
    ['Status', i.status]
  ]);
  doc.moveDown(0.8).font('bold').fontSize(14).text(`Total: ${i.total}`, 50);
  if (i.creditNotes.length > 0) {
    doc.moveDown(1).fontSize(12).text('Credit notes', 50).moveDown(0.4).font('regular').fontSize(10);
    rows(
      doc,
      i.creditNotes.map((c) => [c.number, `${day(c.issuedAt)}  -${c.amount}${c.reason ? `  (${c.reason})` : ''}`])
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
