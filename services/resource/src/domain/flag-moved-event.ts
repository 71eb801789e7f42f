import type { Queryable } from '@style-flow/platform';
import { flagOutsideOfEvent } from '../data/allocation-repository.ts';
import { recordEventChange, type EventFact } from '../data/known-event-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { conflictEvents } from './snapshots.ts';

/**
 * event.updated: the copy takes the new times, and the event's allocations that the new window no longer covers are
 * flagged `conflict` and announced — never moved or dropped silently: they keep their quantity until staff decide.
 */
export async function flagMovedEvent(
  ctx: ResourceContext,
  tx: Queryable,
  event: EventFact,
  traceparent?: string
): Promise<void> {
  await recordEventChange(tx, event);
  if (event.status !== 'scheduled') return;
  const flagged = await flagOutsideOfEvent(tx, event.id, event.start_date, event.end_date);
  await ctx.emit(tx, conflictEvents(flagged, event, traceparent));
}
