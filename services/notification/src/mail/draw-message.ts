import type { DocumentFonts } from '@style-flow/platform/documents';
import type { Queryable } from '@style-flow/platform';
import { findEvent, type EventCopyRow } from '../data/event-copy-repository.ts';
import type { MessageRow, MessageType } from '../data/message-repository.ts';
import { findPayment, refundsUpTo } from '../data/payment-copy-repository.ts';
import { findRecipient, type RecipientRow } from '../data/recipient-repository.ts';
import type { NotificationSettings } from '../notification-config.ts';
import { invoiceAttachment, ticketAttachments, type Attachment } from './attachments.ts';
import { drawHtml, drawText } from './draw-html.ts';
import { texts, type EventFacts, type Locale, type Text } from './texts.ts';

/** A message ready to go, or why not yet (a copy it needs has not arrived), or why never (turned off). */
export type Drawing =
  | { kind: 'mail'; to: string; locale: Locale; subject: string; text: string; html: string; attachments: Attachment[] }
  | { kind: 'wait'; reason: string }
  | { kind: 'skip'; to: string; reason: string };

/** Sent whatever the recipient's settings say (SPEC §3.8): the reset link, tickets, receipts — and admins' alerts. */
const essential = new Set<MessageType>([
  'password_reset',
  'registration_confirmed',
  'payment_receipt',
  'payment_refund',
  'webhook_disabled'
]);

export interface DrawingContext {
  db: Queryable;
  settings: Pick<NotificationSettings, 'defaultLocale' | 'publicUrl'>;
  fonts: DocumentFonts;
}

const localeOf = (r: RecipientRow | null, fallback: Locale): Locale =>
  r?.locale === 'ru' || r?.locale === 'en' ? r.locale : fallback;

const factsOf = (e: EventCopyRow): EventFacts => ({
  title: e.title,
  start: e.start_date,
  end: e.end_date,
  location: e.location,
  zone: e.time_zone
});

const nameOf = (p: Record<string, unknown>): string =>
  [p.first_name, p.last_name].filter((x) => typeof x === 'string' && x.trim()).join(' ') || String(p.username ?? '');

type P = Record<string, unknown>;
const num = (p: P, k: string) => p[k] as number;
const str = (p: P, k: string) => (p[k] ?? null) as string | null;

/**
 * Draws a message from its fact and the copies as they are now, in the recipient's language. The welcome and the
 * reset link name their address in the fact (the copy of the user may come later); every other message waits for
 * the copies it needs.
 */
export async function drawMessage(ctx: DrawingContext, m: MessageRow): Promise<Drawing> {
  const recipient = await findRecipient(ctx.db, m.recipient_id);
  const to = m.to_address ?? recipient?.email;
  if (!to) return { kind: 'wait', reason: `no copy of user ${m.recipient_id} yet` };
  // A promotion that confirms the seat carries the ticket, and a ticket is always sent.
  const carriesTicket = m.type === 'registration_promoted' && typeof m.payload.ticket_code === 'string';
  if (!essential.has(m.type) && !carriesTicket && recipient && !recipient.optional_messages)
    return { kind: 'skip', to, reason: 'the recipient turned optional messages off (settings.optional_messages)' };
  const locale = localeOf(recipient, ctx.settings.defaultLocale);
  const drawn = await content(ctx, m, recipient, locale);
  if ('kind' in drawn) return drawn;
  return {
    kind: 'mail',
    to,
    locale,
    subject: drawn.text.subject,
    text: drawText(drawn.text),
    html: drawHtml(drawn.text, locale),
    attachments: drawn.attachments
  };
}

type Content = { text: Text; attachments: Attachment[] } | { kind: 'wait'; reason: string };

async function content(ctx: DrawingContext, m: MessageRow, r: RecipientRow | null, l: Locale): Promise<Content> {
  const p = m.payload;
  const plain = (text: Text): Content => ({ text, attachments: [] });
  switch (m.type) {
    case 'welcome':
      return plain(texts.welcome(l, { name: nameOf(p), appUrl: `${ctx.settings.publicUrl}/app` }));
    case 'password_reset': {
      const link = `${ctx.settings.publicUrl}/app/reset-password?token=${encodeURIComponent(str(p, 'token')!)}`;
      const expires = new Intl.DateTimeFormat(l === 'ru' ? 'ru-RU' : 'en-GB', {
        timeZone: 'UTC',
        dateStyle: 'long',
        timeStyle: 'short'
      }).format(new Date(str(p, 'expires_at')!));
      return plain(texts.password_reset(l, { link, expires: `${expires} UTC` }));
    }
    case 'webhook_disabled':
      return plain(
        texts.webhook_disabled(l, { id: num(p, 'endpoint_id'), url: str(p, 'url')!, reason: str(p, 'reason')! })
      );
    case 'payment_receipt':
    case 'payment_refund':
      return payment(ctx, m, r, l);
    case 'event_changed':
    case 'event_cancelled':
      return eventNews(m, l);
    default:
      return registration(ctx, m, r, l);
  }
}

const eventOfPayload = (p: P): EventFacts => ({
  title: str(p, 'title')!,
  start: new Date(str(p, 'start_date')!),
  end: new Date(str(p, 'end_date')!),
  location: str(p, 'location'),
  // A fact queued before events had zones carries none: the event ran in UTC.
  zone: str(p, 'time_zone') ?? 'UTC'
});

/** The event as the fact announced it: a later change is a message of its own. */
function eventNews(m: MessageRow, l: Locale): Content {
  const after = eventOfPayload(m.payload);
  if (m.type === 'event_cancelled') return { text: texts.event_cancelled(l, after), attachments: [] };
  return { text: texts.event_changed(l, after, eventOfPayload(m.payload.before as P)), attachments: [] };
}

async function registration(ctx: DrawingContext, m: MessageRow, r: RecipientRow | null, l: Locale): Promise<Content> {
  const p = m.payload;
  const event = await findEvent(ctx.db, num(p, 'event_id'));
  if (!event || !r)
    return { kind: 'wait', reason: `no copy of event ${num(p, 'event_id')} or user ${m.recipient_id} yet` };
  const e = factsOf(event);
  const code = str(p, 'ticket_code');
  const tickets = async () =>
    code
      ? ticketAttachments(ctx.fonts, event, r, {
          registrationId: num(p, 'registration_id'),
          code,
          version: num(p, 'ticket_version')
        })
      : [];
  switch (m.type) {
    case 'registration_confirmed':
      return { text: texts.registration_confirmed(l, e), attachments: await tickets() };
    case 'registration_promoted':
      return {
        // A seat confirmed at once (a free event) comes with its ticket; one held for payment asks to pay.
        text: texts.registration_promoted(
          l,
          e,
          code !== null ? 'ticket' : str(p, 'status') === 'confirmed' ? 'confirmed' : 'unpaid'
        ),
        attachments: await tickets()
      };
    case 'registration_waitlisted':
      return { text: texts.registration_waitlisted(l, e), attachments: [] };
    default:
      return { text: texts.hold_expired(l, e), attachments: [] };
  }
}

async function payment(ctx: DrawingContext, m: MessageRow, r: RecipientRow | null, l: Locale): Promise<Content> {
  const p = m.payload;
  const copy = await findPayment(ctx.db, num(p, 'payment_id'));
  if (!copy) return { kind: 'wait', reason: `no copy of payment ${num(p, 'payment_id')} yet` };
  const currency = copy.data.currency;
  const invoice = copy.invoice_number;
  const status = str(p, 'status') as typeof copy.data.status;
  if (m.type === 'payment_receipt') {
    const attachments = invoice
      ? [
          await invoiceAttachment(
            ctx.fonts,
            copy,
            r,
            { status, refunded: str(p, 'refunded_amount')!, creditNotes: [] },
            `${invoice}.pdf`
          )
        ]
      : [];
    const text = texts.payment_receipt(l, {
      amount: `${str(p, 'amount')} ${currency}`,
      description: copy.data.description,
      invoice
    });
    return { text, attachments };
  }
  const refundId = num(p, 'refund_id');
  const creditNote = str(p, 'credit_note_number');
  const creditNotes = await refundsUpTo(ctx.db, copy.payment_id, refundId);
  const attachments = invoice
    ? [
        await invoiceAttachment(
          ctx.fonts,
          copy,
          r,
          { status, refunded: str(p, 'refunded_amount')!, creditNotes },
          `${creditNote ?? invoice}.pdf`
        )
      ]
    : [];
  const text = texts.payment_refund(l, {
    amount: `${str(p, 'refund_amount')} ${currency}`,
    paymentId: copy.payment_id,
    reason: str(p, 'reason'),
    creditNote
  });
  return { text, attachments };
}
