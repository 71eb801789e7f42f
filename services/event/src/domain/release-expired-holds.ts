import { lockEvent } from '../data/event-repository.ts';
import { eventsWithExpiredHolds, lockExpiredHolds } from '../data/registration-repository.ts';
import type { EventContext } from '../event-context.ts';
import { releaseRegistrations } from './registrations.ts';

const EVENTS_PER_ROUND = 50;

/**
 * Releases holds whose time ran out, one event per transaction (its row locked first, as everywhere), so
 * several sweepers (several instances of the service) only ever take turns. Returns how many were released.
 */
export async function releaseExpiredHolds(ctx: EventContext): Promise<number> {
  let released = 0;
  for (const eventId of await eventsWithExpiredHolds(ctx.db, EVENTS_PER_ROUND)) {
    released += await ctx.db.transaction(async (tx) => {
      if (!(await lockEvent(tx, eventId))) return 0;
      return (await releaseRegistrations(ctx, tx, eventId, await lockExpiredHolds(tx, eventId), 'hold_expired')).length;
    });
  }
  if (released > 0) ctx.logger.info({ released }, 'released registrations whose payment hold expired');
  return released;
}
