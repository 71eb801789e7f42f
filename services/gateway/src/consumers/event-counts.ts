import { allTopics } from '@style-flow/contracts';
import type { EventHandler } from '@style-flow/platform';
import { Counter, type Registry } from 'prom-client';

/**
 * SPEC §3.7, monitoring API activity: every event on every topic counted on /metrics by topic, type and
 * producing service. A topic's '*' handlers run for each of its events, after any typed handler.
 */
export function eventCountHandlers(registry: Registry): EventHandler[] {
  const seen = new Counter({
    name: 'gateway_events_total',
    help: 'Events seen on Kafka, by topic, type and producing service',
    labelNames: ['topic', 'type', 'source'],
    registers: [registry]
  });
  return allTopics.map((topic) => ({
    topic,
    type: '*',
    async handle(_tx, event, { afterCommit }) {
      afterCommit(() => seen.inc({ topic, type: event.type, source: event.source }));
    }
  }));
}
