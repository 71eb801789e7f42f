import type { CloudEvent, EventData, RegistrationCreated } from '@style-flow/contracts';
import { type Queryable, occurredAt } from '@style-flow/platform';
import { lockLandingClient } from '../data/client-repository.ts';
import { contactsWithEmail } from '../data/contact-repository.ts';
import { findKnownEvent, knownUserEmail } from '../data/known-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { logSystemEntry } from './log-activity.ts';

type Registration = EventData<typeof RegistrationCreated>;

/**
 * A contact registering for an event, on the timeline of each live client it is a contact of. The registration
 * names a user, not an email, so the user's current email comes from the local copy kept from `user-events`, and
 * is matched with contacts' emails whatever their case. A user with no known email, or who is no one's contact,
 * is simply not anyone's client activity.
 */
export async function recordRegistration(
  ctx: ClientContext,
  tx: Queryable,
  registration: Registration,
  envelope: CloudEvent,
  traceparent: string | undefined
): Promise<void> {
  const email = await knownUserEmail(tx, registration.user_id);
  if (!email) return;
  const contacts = await contactsWithEmail(tx, email);
  if (contacts.length === 0) return;
  const event = await findKnownEvent(tx, registration.event_id);
  const named = event ? `«${event.title}»` : `event #${registration.event_id}`;
  const waiting = registration.status === 'waitlisted' ? ' (waitlisted)' : '';
  for (const contact of contacts) {
    // The contact's client may be merging right now: its lock settles where the entry lands.
    const client = await lockLandingClient(tx, contact.client_id);
    if (!client) continue;
    await logSystemEntry(
      ctx,
      tx,
      {
        client_id: client.id,
        type: 'event_registration',
        description: `${contact.name} registered for ${named}${waiting}`,
        occurred_at: occurredAt(envelope),
        source_event_id: envelope.id,
        contact_id: contact.id,
        event_id: registration.event_id
      },
      traceparent
    );
  }
}
