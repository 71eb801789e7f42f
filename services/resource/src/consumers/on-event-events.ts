import { EventCancelled, EventCreated, EventUpdated, type EventSnapshot } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { Static } from 'typebox';
import type { EventFact } from '../data/known-event-repository.ts';
import { flagMovedEvent } from '../domain/flag-moved-event.ts';
import { recordEvent } from '../domain/record-event.ts';
import { releaseCancelledEvent } from '../domain/release-cancelled-event.ts';
import type { ResourceContext } from '../resource-context.ts';

const fact = (e: Static<typeof EventSnapshot>): EventFact => ({
  id: e.id,
  start_date: new Date(e.start_date).toISOString(),
  end_date: new Date(e.end_date).toISOString(),
  status: e.status
});

/** `event-events`: the local copy of events, and what their changes do to the allocations (SPEC §3.4). */
export function eventEventsHandlers(ctx: ResourceContext): EventHandler[] {
  return [
    on(EventCreated, (tx, event) => recordEvent(tx, fact(event))),
    on(EventUpdated, (tx, event, _e, { traceparent }) => flagMovedEvent(ctx, tx, fact(event), traceparent)),
    on(EventCancelled, (tx, event, _e, { traceparent }) => releaseCancelledEvent(ctx, tx, fact(event), traceparent))
  ];
}
