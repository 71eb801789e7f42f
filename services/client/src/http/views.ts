import type { Static } from 'typebox';
import type { ActivityRow } from '../data/activity-repository.ts';
import type { ClientRow } from '../data/client-repository.ts';
import type { ContactRow } from '../data/contact-repository.ts';
import type { PaymentTotalRow } from '../data/payment-totals-repository.ts';
import type { ActivityView, ClientDetailView, ClientView, ContactView } from './schemas.ts';

export function clientView(c: ClientRow): Static<typeof ClientView> {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    industry: c.industry,
    description: c.description,
    email: c.email,
    phone: c.phone,
    website: c.website,
    status: c.status,
    merged_into: c.merged_into,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString()
  };
}

export function contactView(c: ContactRow): Static<typeof ContactView> {
  return {
    id: c.id,
    client_id: c.client_id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    position: c.position,
    is_primary: c.is_primary,
    created_at: c.created_at.toISOString(),
    updated_at: c.updated_at.toISOString()
  };
}

export function clientDetailView(
  c: ClientRow,
  totals: readonly PaymentTotalRow[],
  primary: ContactRow | null
): Static<typeof ClientDetailView> {
  return {
    ...clientView(c),
    totals: totals.map((t) => ({ currency: t.currency, paid: t.paid, refunded: t.refunded })),
    primary_contact: primary ? contactView(primary) : null
  };
}

export function activityView(a: ActivityRow): Static<typeof ActivityView> {
  return {
    id: a.id,
    client_id: a.client_id,
    type: a.type,
    source: a.source,
    description: a.description,
    occurred_at: a.occurred_at.toISOString(),
    author_id: a.author_id,
    contact_id: a.contact_id,
    payment_id: a.payment_id,
    event_id: a.event_id,
    amount: a.amount,
    currency: a.currency,
    created_at: a.created_at.toISOString(),
    updated_at: a.updated_at.toISOString()
  };
}
