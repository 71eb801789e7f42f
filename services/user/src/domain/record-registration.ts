import type { CloudEvent, EventData, RegistrationCreated } from '@style-flow/contracts';
import type { Queryable } from '@style-flow/platform';
import { recordLearnedActivity } from './record-learned-activity.ts';

type Registration = EventData<typeof RegistrationCreated>;
export type RegistrationStep = 'created' | 'confirmed' | 'promoted' | 'cancelled';

const activityType: Record<RegistrationStep, string> = {
  created: 'registered_for_event',
  confirmed: 'registration_confirmed',
  promoted: 'promoted_from_waitlist',
  cancelled: 'registration_cancelled'
};

function stepDetails(step: RegistrationStep, r: Registration): Record<string, unknown> {
  if (step === 'confirmed') return { payment_id: r.payment_id ?? null };
  if (step === 'cancelled') return { reason: r.cancel_reason ?? null };
  return { status: r.status };
}

/** The user's registrations in its history (SPEC §3.2), dated when the event service made the change. */
export async function recordRegistration(
  tx: Queryable,
  step: RegistrationStep,
  r: Registration,
  event: CloudEvent
): Promise<void> {
  await recordLearnedActivity(tx, event, {
    userId: r.user_id,
    type: activityType[step],
    details: { event_id: r.event_id, registration_id: r.id, ...stepDetails(step, r) }
  });
}
