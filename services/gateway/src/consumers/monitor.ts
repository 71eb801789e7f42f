import { allTopics, Topics, type CloudEvent } from '@style-flow/contracts';
import type { EventHandler } from '@style-flow/platform';
import { Counter, type Registry } from 'prom-client';
import type { ResponseCache } from '../cache/response-cache.ts';

export interface RecentEvent {
  topic: string;
  type: string;
  source: string;
  subject: string;
  id: string;
  time: string;
}

/** The last events of every topic, newest first, for the live view. */
export interface EventMonitor {
  recent(limit: number): RecentEvent[];
  handlers(cache: ResponseCache): EventHandler[];
}

// Which cached groups an event's topic changes.
const invalidates: Partial<Record<string, string[]>> = {
  [Topics.eventEvents]: ['events', 'categories'],
  [Topics.eventRegistrations]: ['events'],
  [Topics.resourceEvents]: ['resource-types', 'events'],
  [Topics.resourceAllocations]: ['events']
};

export function createEventMonitor(registry: Registry, capacity = 200): EventMonitor {
  const seen = new Counter({
    name: 'gateway_events_total',
    help: 'Events seen on Kafka, by topic, type and producing service',
    labelNames: ['topic', 'type', 'source'],
    registers: [registry]
  });
  const ring: RecentEvent[] = [];

  function observe(topic: string, event: CloudEvent): void {
    seen.inc({ topic, type: event.type, source: event.source });
    ring.unshift({
      topic,
      type: event.type,
      source: event.source,
      subject: event.subject,
      id: event.id,
      time: event.time
    });
    if (ring.length > capacity) ring.length = capacity;
  }

  return {
    recent: (limit) => ring.slice(0, limit),
    handlers(cache) {
      const watchAll = (topic: string): EventHandler => ({
        topic,
        type: '*',
        async handle(_tx, event) {
          observe(topic, event);
          for (const group of invalidates[topic] ?? []) await cache.invalidate(group);
        }
      });
      return [...allTopics.map(watchAll)];
    }
  };
}
