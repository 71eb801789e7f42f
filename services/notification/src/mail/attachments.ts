import {
  attendeeName,
  invoiceStatusLine,
  renderInvoicePdf,
  renderTicketCalendar,
  renderTicketPdf,
  type DocumentFonts,
  type TicketDocument
} from '@style-flow/platform/documents';
import type { EventCopyRow } from '../data/event-copy-repository.ts';
import type { PaymentCopyRow, RefundCopyRow } from '../data/payment-copy-repository.ts';
import type { RecipientRow } from '../data/recipient-repository.ts';
import { shownZone } from './texts.ts';

export interface Attachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

/** The ticket as the event service serves it (the same documents), from the code the confirming fact carried. */
export async function ticketAttachments(
  fonts: DocumentFonts,
  event: EventCopyRow,
  recipient: RecipientRow,
  ticket: { registrationId: number; code: string; version: number }
): Promise<Attachment[]> {
  const document: TicketDocument = {
    event: {
      id: event.event_id,
      title: event.title,
      start_date: event.start_date,
      end_date: event.end_date,
      location: event.location,
      time_zone: shownZone(event.time_zone)
    },
    registrationId: ticket.registrationId,
    attendee: attendeeName(recipient, recipient.user_id),
    version: ticket.version,
    code: ticket.code
  };
  const name = `ticket-${event.event_id}-${ticket.registrationId}`;
  return [
    { filename: `${name}.pdf`, content: await renderTicketPdf(document, fonts), contentType: 'application/pdf' },
    {
      filename: `${name}.ics`,
      content: renderTicketCalendar(document),
      contentType: 'text/calendar; charset=utf-8; method=PUBLISH'
    }
  ];
}

/** Who an invoice bills, as the payment service writes it when it issues one: the name and the address. */
export function billedTo(r: RecipientRow | null, userId: number): string {
  if (!r) return `User #${userId}`;
  const name = [r.first_name, r.last_name]
    .map((p) => p?.trim() ?? '')
    .filter(Boolean)
    .join(' ');
  return `${name || r.username || `User #${userId}`} <${r.email}>`;
}

/**
 * The invoice of a payment as the payment service draws it (the same documents), from the payment facts this
 * service keeps: the state the fact announced and the credit notes issued up to it. The payment method's name
 * travels in no fact, so this copy names the payment by its number only.
 */
export async function invoiceAttachment(
  fonts: DocumentFonts,
  payment: PaymentCopyRow,
  recipient: RecipientRow | null,
  facts: { status: PaymentCopyRow['data']['status']; refunded: string; creditNotes: readonly RefundCopyRow[] },
  filename: string
): Promise<Attachment> {
  const d = payment.data;
  const issuedAt = payment.issued_at ?? new Date();
  const pdf = await renderInvoicePdf(
    {
      number: payment.invoice_number ?? `#${payment.payment_id}`,
      paymentId: payment.payment_id,
      issuedAt,
      billTo: billedTo(recipient, payment.user_id),
      client: d.client_id === null ? null : { id: d.client_id, name: null },
      method: null,
      eventId: d.event_id,
      description: d.description,
      status: invoiceStatusLine({
        status: facts.status,
        paidOn: issuedAt,
        refunded: facts.refunded,
        currency: d.currency
      }),
      total: `${d.amount} ${d.currency}`,
      creditNotes: facts.creditNotes.map((c) => ({
        number: c.credit_note_number ?? `#${c.refund_id}`,
        issuedAt: c.issued_at,
        amount: `${c.amount} ${d.currency}`,
        reason: c.reason
      }))
    },
    fonts
  );
  return { filename, content: pdf, contentType: 'application/pdf' };
}
