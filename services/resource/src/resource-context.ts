import type { ServiceContext } from '@style-flow/platform';
import type { EventClient } from './clients/event-client.ts';
import type { ResourceSettings } from './resource-config.ts';

export interface ResourceContext extends ServiceContext {
  settings: ResourceSettings;
  /** The event service, asked about an event that the local copy has not caught up with. */
  events: EventClient;
}
