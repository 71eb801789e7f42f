import type { EventSnapshot } from '@style-flow/contracts';
import type { CloudEvent } from '@style-flow/contracts';
import type { DeliveryContext, Queryable } from '@style-flow/platform';
import type { Static } from 'typebox';
import { keepEvent, registrantsOf, type EventCopyRow } from '../data/event-copy-repository.ts';
import type { NotificationContext } from '../notification-context.ts';
import { queueFromFact } from './queue-messages.ts';

type EventFact = Static<typeof EventSnapshot>;

const copyOf = (e: EventFact): EventCopyRow => ({
  event_id: e.id,
  title: e.title,
  start_date: new Date(e.start_date),
  end_date: new Date(e.end_date),
  location: e.location,
  status: e.status,
  // An event announced before events had zones names none: it ran in UTC.
  time_zone: e.time_zone ?? 'UTC'
});

const asPayload = (e: EventCopyRow) => ({
  event_id: e.event_id,
  title: e.title,
  start_date: e.start_date.toISOString(),
  end_date: e.end_date.toISOString(),
  location: e.location,
  time_zone: e.time_zone
});

/** Whether what people must know to be there (when and where) moved; a new title or capacity is no news to them. */
const moved = (a: EventCopyRow, b: EventCopyRow) =>
  a.start_date.getTime() !== b.start_date.getTime() ||
  a.end_date.getTime() !== b.end_date.getTime() ||
  (a.location ?? '') !== (b.location ?? '');

/**
 * Keeps the copy of an event and tells every registrant what they must know: that it moved (time or place), or
 * that it is cancelled. The registrants are this service's copy of the registrations: those the cancellation itself
 * ended count too, since their facts may come first (another topic).
 */
export async function onEventFact(
  ctx: NotificationContext,
  tx: Queryable,
  e: EventFact,
  event: CloudEvent,
  delivery: DeliveryContext
): Promise<void> {
  const now = copyOf(e);
  const before = await keepEvent(tx, now);
  const cancelled = e.status === 'cancelled' && before?.status !== 'cancelled';
  const changed = !cancelled && e.status !== 'cancelled' && before !== null && moved(before, now);
  if (!cancelled && !changed) return;
  const payload = cancelled ? asPayload(now) : { ...asPayload(now), before: asPayload(before!) };
  const registrants = await registrantsOf(tx, e.id, cancelled);
  await queueFromFact(
    ctx,
    tx,
    delivery,
    registrants.map((userId) => ({
      factId: event.id,
      recipientId: userId,
      type: cancelled ? ('event_cancelled' as const) : ('event_changed' as const),
      toAddress: null,
      payload
    }))
  );
}
