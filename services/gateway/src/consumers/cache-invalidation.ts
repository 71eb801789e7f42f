import { Topics } from '@style-flow/contracts';
import type { EventHandler } from '@style-flow/platform';
import type { ResponseCache } from '../cache/response-cache.ts';

// Which cached groups the events of a topic change: any event of it drops them all. Each group is dropped by the
// events of the service that answers its pages, published once its data has changed: the resources an event page
// shows are the event service's copy, announced on event-events (event.resources_changed), not the resource
// service's facts, which the gateway may see before the event service has applied them.
const invalidates: Partial<Record<string, string[]>> = {
  [Topics.eventEvents]: ['events', 'categories'],
  [Topics.eventRegistrations]: ['events'],
  [Topics.resourceEvents]: ['resource-types']
};

/** SPEC §3.7: cached public GETs are dropped by the events that change them, whoever caused them. */
export function cacheInvalidationHandlers(cache: ResponseCache): EventHandler[] {
  return Object.entries(invalidates).map(([topic, groups = []]) => ({
    topic,
    type: '*',
    async handle() {
      for (const group of groups) await cache.invalidate(group);
    }
  }));
}
