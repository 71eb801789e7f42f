import {
  RegistrationCancelled,
  RegistrationConfirmed,
  RegistrationCreated,
  RegistrationPromoted,
  type CloudEvent,
  type EventData
} from '@style-flow/contracts';
import { on, type EventHandler, type Queryable } from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';

type Registration = EventData<typeof RegistrationCreated>;

/** One activity row per event id (a redelivery adds nothing), dated when the event service made the change. */
function recordAs(type: string, more: (r: Registration) => Record<string, unknown>) {
  return (tx: Queryable, r: Registration, event: CloudEvent) =>
    recordActivity(tx, {
      userId: r.user_id,
      type,
      details: { event_id: r.event_id, registration_id: r.id, ...more(r) },
      occurredAt: event.time,
      sourceEventId: event.id
    });
}

/**
 * `event-registrations`: the user's registrations in its history (SPEC §3.2). The profile need not be here
 * yet — activity has no foreign key to users, so an event that overtakes `auth.user.registered` is kept.
 */
export function eventRegistrationsHandlers(): EventHandler[] {
  return [
    on(
      RegistrationCreated,
      recordAs('registered_for_event', (r) => ({ status: r.status }))
    ),
    on(
      RegistrationConfirmed,
      recordAs('registration_confirmed', (r) => ({ payment_id: r.payment_id ?? null }))
    ),
    on(
      RegistrationPromoted,
      recordAs('promoted_from_waitlist', (r) => ({ status: r.status }))
    ),
    on(
      RegistrationCancelled,
      recordAs('registration_cancelled', (r) => ({ reason: r.cancel_reason ?? null }))
    )
  ];
}
