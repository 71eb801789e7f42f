import type { Queryable } from '@style-flow/platform';
import { releaseLiveOfEvent } from '../data/allocation-repository.ts';
import { recordEventChange, type EventFact } from '../data/known-event-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { allocationEvents } from './snapshots.ts';

/**
 * event.cancelled: the copy marks it cancelled — which waits for any allocation of it under way (see
 * lockKnownEvent) — and then every live allocation of the event is released, each announced.
 */
export async function releaseCancelledEvent(
  ctx: ResourceContext,
  tx: Queryable,
  event: EventFact,
  traceparent?: string
): Promise<void> {
  await recordEventChange(tx, { ...event, status: 'cancelled' });
  const released = await releaseLiveOfEvent(tx, event.id);
  await ctx.emit(tx, allocationEvents('released', released, traceparent));
}
