import { EventCancelled, RegistrationCancelled } from '@style-flow/contracts';
import { AppError, eventOf, type Principal } from '@style-flow/platform';
import { lockEvent, markEventCancelled } from '../data/event-repository.ts';
import { cancelAllRegistrations } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { assertCanManage } from './event-rights.ts';
import { eventSnapshot, registrationSnapshot } from './snapshots.ts';

/** Cancels the event and every registration of it, under its row lock; everything is kept for history. */
export async function cancelEvent(
  ctx: EventContext,
  id: number,
  actor: Principal,
  traceparent?: string
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const event = await lockEvent(tx, id);
    if (!event) throw new AppError('NOT_FOUND', `No event ${id}.`);
    assertCanManage(event, actor);
    if (event.status === 'cancelled') return;
    const registrations = await cancelAllRegistrations(tx, id);
    const cancelled = await markEventCancelled(tx, id);
    await ctx.emit(tx, [
      eventOf(EventCancelled, id, eventSnapshot(cancelled), traceparent),
      ...registrations.map((r) => eventOf(RegistrationCancelled, r.id, registrationSnapshot(r), traceparent))
    ]);
  });
}
