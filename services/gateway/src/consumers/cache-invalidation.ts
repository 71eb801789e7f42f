import { Topics } from '@style-flow/contracts';
import type { EventHandler } from '@style-flow/platform';
import type { ResponseCache } from '../cache/response-cache.ts';

// Which cached groups the events of a topic change: any event of it drops them all.
const invalidates: Partial<Record<string, string[]>> = {
  [Topics.eventEvents]: ['events', 'categories'],
  [Topics.eventRegistrations]: ['events'],
  [Topics.resourceEvents]: ['resource-types', 'events'],
  [Topics.resourceAllocations]: ['events']
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
