import { ClientArchived, ClientCreated, ClientMerged, ClientUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import type { EventContext } from '../event-context.ts';
import { keepClientCopy, keepClientMerge } from '../domain/keep-client-copy.ts';

/** `client-events`: the local copy of clients, so an event's client_id is checked without asking (SPEC §5). */
export function clientHandlers(ctx: EventContext): EventHandler[] {
  return [
    on(ClientCreated, (tx, c) => keepClientCopy(tx, c)),
    on(ClientUpdated, (tx, c) => keepClientCopy(tx, c)),
    on(ClientArchived, (tx, c) => keepClientCopy(tx, c)),
    on(ClientMerged, (tx, m, _event, { traceparent }) => keepClientMerge(ctx, tx, m, traceparent))
  ];
}
