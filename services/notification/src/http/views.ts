import type { Static } from 'typebox';
import type { DeliveryRow, TryRow } from '../data/delivery-repository.ts';
import type { MessageRow } from '../data/message-repository.ts';
import type { EndpointRow } from '../data/webhook-repository.ts';
import type { DeliveryView, MailboxView, MessageView, WebhookView } from './schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const waiting = (status: string) => status === 'queued' || status === 'retrying' || status === 'pending';

export function messageView(m: MessageRow): Static<typeof MessageView> {
  return {
    id: Number(m.id),
    type: m.type,
    status: m.status,
    recipient_id: m.recipient_id,
    to: m.to_address,
    locale: m.locale,
    subject: m.subject,
    attempts: m.attempts,
    next_attempt_at: waiting(m.status) ? iso(m.next_attempt_at) : null,
    last_response: m.last_response,
    channel: m.channel,
    fact_id: m.fact_id,
    attachments: m.attachments,
    created_at: m.created_at.toISOString(),
    sent_at: iso(m.sent_at)
  };
}

export function mailboxView(m: MessageRow): Static<typeof MailboxView> {
  return { ...messageView(m), text: m.body_text, html: m.body_html };
}

/** Never the secrets: they are shown once, by the routes that make them. */
export function webhookView(e: EndpointRow): Static<typeof WebhookView> {
  const overlapping = e.previous_secret_expires_at && e.previous_secret_expires_at > new Date();
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    enabled: e.enabled,
    disabled_reason: e.disabled_reason,
    previous_secret_expires_at: overlapping ? iso(e.previous_secret_expires_at) : null,
    created_at: e.created_at.toISOString(),
    updated_at: e.updated_at.toISOString()
  };
}

export function deliveryView(d: DeliveryRow & { tries?: TryRow[] }): Static<typeof DeliveryView> {
  return {
    id: Number(d.id),
    event_id: d.event_id,
    event_type: d.event_type,
    status: d.status,
    next_attempt_at: waiting(d.status) ? iso(d.next_attempt_at) : null,
    created_at: d.created_at.toISOString(),
    attempts: (d.tries ?? []).map((a) => ({ ...a, attempted_at: new Date(a.attempted_at).toISOString() }))
  };
}
