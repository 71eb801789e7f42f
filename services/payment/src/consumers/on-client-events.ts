import { ClientArchived, ClientCreated, ClientMerged, ClientUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepClientCopy, keepClientMerge } from '../domain/keep-copies.ts';

/** `client-events`: the local copy of clients, so a payment's client_id is checked without asking (SPEC §5). */
export function clientEventsHandlers(): EventHandler[] {
  return [
    on(ClientCreated, (tx, c) => keepClientCopy(tx, c)),
    on(ClientUpdated, (tx, c) => keepClientCopy(tx, c)),
    on(ClientArchived, (tx, c) => keepClientCopy(tx, c)),
    on(ClientMerged, (tx, m) => keepClientMerge(tx, m))
  ];
}
