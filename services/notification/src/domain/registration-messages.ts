import type { RegistrationSnapshot } from '@style-flow/contracts';
import type { CloudEvent } from '@style-flow/contracts';
import type { DeliveryContext, Queryable } from '@style-flow/platform';
import type { Static } from 'typebox';
import { keepRegistration } from '../data/event-copy-repository.ts';
import type { MessageType } from '../data/message-repository.ts';
import type { NotificationContext } from '../notification-context.ts';
import { queueFromFact } from './queue-messages.ts';

type Registration = Static<typeof RegistrationSnapshot>;
type Fact = 'created' | 'confirmed' | 'promoted' | 'cancelled';

/**
 * What a registration fact tells its registrant: a confirmed seat (created confirmed, or confirmed by its payment)
 * brings the ticket; a full event, the waiting list; a promotion, the seat (with the ticket when it needs no
 * payment); a hold that ran out, that the seat is gone. The other cancellations were the registrant's own doing,
 * or the event's (told by event.cancelled).
 */
function messageOf(fact: Fact, r: Registration): MessageType | null {
  if (fact === 'promoted') return 'registration_promoted';
  if (fact === 'cancelled') return r.cancel_reason === 'hold_expired' ? 'hold_expired' : null;
  if (r.status === 'confirmed') return 'registration_confirmed';
  return fact === 'created' && r.status === 'waitlisted' ? 'registration_waitlisted' : null;
}

export async function onRegistration(
  ctx: NotificationContext,
  fact: Fact,
  tx: Queryable,
  r: Registration,
  event: CloudEvent,
  delivery: DeliveryContext
): Promise<void> {
  await keepRegistration(tx, {
    registration_id: r.id,
    event_id: r.event_id,
    user_id: r.user_id,
    status: r.status,
    cancel_reason: r.cancel_reason ?? null
  });
  const type = messageOf(fact, r);
  if (!type) return;
  const ticket =
    r.status === 'confirmed' && r.ticket_code
      ? { ticket_code: r.ticket_code, ticket_version: r.ticket_version ?? 1 }
      : {};
  await queueFromFact(ctx, tx, delivery, [
    {
      factId: event.id,
      recipientId: r.user_id,
      type,
      toAddress: null,
      payload: { registration_id: r.id, event_id: r.event_id, status: r.status, ...ticket }
    }
  ]);
}
