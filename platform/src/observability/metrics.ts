import { Registry, collectDefaultMetrics, Counter, Histogram } from 'prom-client';

/** The metrics of one service: its own registry (no global one: several services share a process). */
export interface ServiceMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  eventsPublished: Counter<'topic'>;
  eventsConsumed: Counter<'topic' | 'type' | 'outcome'>;
  relayLag: Histogram<never>;
}

export function createServiceMetrics(service: string, options: { processMetrics: boolean }): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route and status',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry]
    }),
    eventsPublished: new Counter({
      name: 'outbox_events_published_total',
      help: 'Events the outbox relay handed to the transport',
      labelNames: ['topic'],
      registers: [registry]
    }),
    eventsConsumed: new Counter({
      name: 'events_consumed_total',
      help: 'Events consumed, by outcome: handled, duplicate, ignored, dead_lettered',
      labelNames: ['topic', 'type', 'outcome'],
      registers: [registry]
    }),
    relayLag: new Histogram({
      name: 'outbox_relay_lag_seconds',
      help: 'Time from commit of an outbox row to its publication',
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30, 300],
      registers: [registry]
    })
  };
}
