import type { ServiceContext } from '@style-flow/platform';
import type { TicketKeys } from './domain/ticket-keys.ts';
import type { EventSettings } from './event-config.ts';

export interface EventContext extends ServiceContext {
  settings: EventSettings;
  /** Signs ticket codes and reads scanned ones, with the service's one Ed25519 key. */
  tickets: TicketKeys;
}
