import type { ActivitySnapshot, ClientSnapshot, ContactSnapshot } from '@style-flow/contracts';
import type { Static } from 'typebox';
import type { ActivityRow } from '../data/activity-repository.ts';
import type { ClientRow } from '../data/client-repository.ts';
import type { ContactRow } from '../data/contact-repository.ts';

// What the events of client-events carry (contracts/src/events/client-events.ts).

export function clientSnapshot(c: ClientRow): Static<typeof ClientSnapshot> {
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    status: c.status,
    email: c.email,
    industry: c.industry,
    website: c.website,
    merged_into: c.merged_into
  };
}

export function contactSnapshot(c: ContactRow): Static<typeof ContactSnapshot> {
  return {
    id: c.id,
    client_id: c.client_id,
    name: c.name,
    email: c.email,
    phone: c.phone,
    position: c.position,
    is_primary: c.is_primary
  };
}

export function activitySnapshot(a: ActivityRow): Static<typeof ActivitySnapshot> {
  return {
    id: a.id,
    client_id: a.client_id,
    type: a.type,
    source: a.source,
    description: a.description,
    occurred_at: a.occurred_at.toISOString(),
    contact_id: a.contact_id,
    payment_id: a.payment_id,
    event_id: a.event_id,
    amount: a.amount,
    currency: a.currency
  };
}
