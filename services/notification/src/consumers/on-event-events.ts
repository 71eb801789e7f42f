import { EventCancelled, EventCreated, EventUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { onEventFact } from '../domain/event-messages.ts';
import type { NotificationContext } from '../notification-context.ts';

export function eventEventHandlers(ctx: NotificationContext): EventHandler[] {
  return [EventCreated, EventUpdated, EventCancelled].map((definition) =>
    on(definition, (tx, e, event, delivery) => onEventFact(ctx, tx, e, event, delivery))
  );
}
