import type { ServiceContext } from '@style-flow/platform';
import type { EventSettings } from './event-config.ts';

export interface EventContext extends ServiceContext {
  settings: EventSettings;
}
