import { EventCancelled, EventCreated, EventUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { ClientContext } from '../client-context.ts';
import { keepEvent, recordClientEvent } from '../domain/record-client-event.ts';

/** `event-events`: an event run for a client on the client's timeline; every event's title kept to name it. */
export function eventEventsHandlers(ctx: ClientContext): EventHandler[] {
  return [
    on(EventCreated, (tx, e, event, { traceparent }) => recordClientEvent(ctx, tx, 'created', e, event, traceparent)),
    on(EventUpdated, (tx, e) => keepEvent(tx, e)),
    on(EventCancelled, (tx, e, event, { traceparent }) =>
      recordClientEvent(ctx, tx, 'cancelled', e, event, traceparent)
    )
  ];
}
