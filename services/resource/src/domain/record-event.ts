import type { Queryable } from '@style-flow/platform';
import { rememberEvent, type EventFact } from '../data/known-event-repository.ts';

/** event.created: the local copy learns the event, unless the event service told it already. */
export function recordEvent(tx: Queryable, event: EventFact): Promise<void> {
  return rememberEvent(tx, event);
}
