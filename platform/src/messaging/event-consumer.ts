import { deadLetterTopic, type CloudEvent } from '@style-flow/contracts';
import type { Database, Queryable } from '../db/database.ts';
import { pgErrorCode } from '../db/database.ts';
import type { Component } from '../lifecycle/component.ts';
import { sleep } from '../lifecycle/timers.ts';
import type { Logger } from '../observability/logger.ts';
import type { ServiceMetrics } from '../observability/metrics.ts';
import type { MessageSpans, ProcessSpan } from './message-spans.ts';
import type { IncomingMessage, Subscription, Transport } from './transport.ts';

export interface DeliveryContext {
  /** The W3C traceparent the event carried, to pass on to the events this effect causes. */
  traceparent: string | undefined;
  topic: string;
  /**
   * Runs an effect outside the database (a counter, a cache in memory) once the transaction that claims the event
   * has committed, so that it happens once however often the transaction is tried.
   */
  afterCommit(effect: () => void): void;
}

/** The effect of one event type, run inside the transaction that also claims the event id. */
export interface EventHandler {
  topic: string;
  /** The CloudEvents type it handles, or '*' for every event on the topic (after the typed handlers). */
  type: string;
  handle(tx: Queryable, event: CloudEvent, context: DeliveryContext): Promise<void>;
}

/** Thrown by a handler for an event that can never succeed (bad payload): dead-lettered at once. */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

export interface EventConsumerOptions {
  service: string;
  /** `${KAFKA_GROUP_ID}.{service}` (SPEC §4). */
  group: string;
  db: Database;
  transport: Transport;
  logger: Logger;
  metrics?: ServiceMetrics;
  handlers: readonly EventHandler[];
  maxAttempts: number;
  retryBaseMs: number;
  /** Most events applied in one transaction (default 256). */
  maxBatch?: number;
  /** With tracing on: a `process` span per event applied, and a `send` span per event dead-lettered. */
  spans?: MessageSpans | null;
}

const MAX_RETRY_DELAY_MS = 30_000;

interface Item {
  message: IncomingMessage;
  event: CloudEvent;
  handler: EventHandler;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A failure of the infrastructure rather than of the event (the database is unreachable or restarting):
 * retried for as long as it lasts, without counting towards dead-lettering.
 */
export function isTransientInfrastructureError(error: unknown): boolean {
  const code = pgErrorCode(error) ?? '';
  if (/^(08|53|57P)/.test(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code)) return true;
  return (
    error instanceof Error &&
    /Connection terminated|connection timeout|Client has encountered a connection error/i.test(error.message)
  );
}

function parseEnvelope(message: IncomingMessage): CloudEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message.value);
  } catch {
    throw new PermanentEventError('message is not JSON');
  }
  const e = parsed as Partial<CloudEvent> | null;
  if (
    !e ||
    typeof e !== 'object' ||
    e.specversion !== '1.0' ||
    typeof e.id !== 'string' ||
    !UUID.test(e.id) ||
    typeof e.type !== 'string'
  ) {
    throw new PermanentEventError('message is not a CloudEvents 1.0 envelope with a UUID id and a type');
  }
  return e as CloudEvent;
}

/** The typed handlers of an event and the topic's '*' handlers, one after the other. */
function handlerOf(byKey: Map<string, EventHandler>, topic: string, type: string): EventHandler | undefined {
  const typed = byKey.get(`${topic}\u0000${type}`);
  const any = byKey.get(`${topic}\u0000*`);
  if (!typed || !any) return typed ?? any;
  return composeHandlers([typed, { ...any, type }]).get(`${topic}\u0000${type}`);
}

/**
 * Handlers of the same topic and type (a service's own and the platform's revocation handler for
 * `user.deactivated`, say) run one after the other in the event's one transaction.
 */
function composeHandlers(handlers: readonly EventHandler[]): Map<string, EventHandler> {
  const byKey = new Map<string, EventHandler>();
  for (const h of handlers) {
    const key = `${h.topic}\u0000${h.type}`;
    const earlier = byKey.get(key);
    byKey.set(
      key,
      earlier
        ? {
            ...h,
            async handle(tx, event, context) {
              await earlier.handle(tx, event, context);
              await h.handle(tx, event, context);
            }
          }
        : h
    );
  }
  return byKey;
}

/**
 * Consumes topics for one service: each event's effect and the claim of its id in the inbox commit in
 * one transaction (DESIGN rule 8), so a redelivered event has no second effect. What waits on a partition is
 * applied as a batch: one transaction and one inbox write for many events, in order, partitions in parallel.
 * A failing event is retried with backoff, then sent to `<topic>.dlq` with the error, and the partition moves on.
 */
export interface EventConsumer extends Component {
  /** Has it applied what its topics held when it started (see `Subscription.caughtUp`)? False before it starts. */
  caughtUp(): Promise<boolean>;
}

export function createEventConsumer(options: EventConsumerOptions): EventConsumer {
  const { db, transport, metrics, spans } = options;
  const log = options.logger.child({ component: 'event-consumer', group: options.group });
  const byKey = composeHandlers(options.handlers);
  const topics = [...new Set(options.handlers.map((h) => h.topic))];
  let subscription: Subscription | undefined;

  /** Claims the events in the inbox with one statement and applies the claimed ones in order, in one transaction. */
  async function applyAll(items: readonly Item[], processes?: ProcessSpan[]): Promise<Array<'handled' | 'duplicate'>> {
    const effects: Array<() => void> = [];
    const outcomes = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ event_id: string }>(
        `insert into platform_inbox (consumer, event_id, topic, type)
         select $1, * from unnest($2::uuid[], $3::text[], $4::text[]) on conflict do nothing returning event_id`,
        [options.group, items.map((i) => i.event.id), items.map((i) => i.message.topic), items.map((i) => i.event.type)]
      );
      const claimed = new Set(rows.map((r) => r.event_id));
      const done: Array<'handled' | 'duplicate'> = [];
      for (const [i, { handler, event, message }] of items.entries()) {
        // Claimed once, applied once: a second copy of an event in the same batch is a duplicate too.
        if (!claimed.delete(event.id.toLowerCase())) {
          done.push('duplicate');
          continue;
        }
        const handle = () =>
          handler.handle(tx, event, {
            traceparent: message.headers.traceparent,
            topic: message.topic,
            afterCommit: (effect) => void effects.push(effect)
          });
        await (spans && processes ? spans.within(processes[i]!, handle) : handle());
        done.push('handled');
      }
      return done;
    });
    for (const effect of effects) {
      try {
        effect();
      } catch (error) {
        log.error({ err: error }, 'an effect after commit failed');
      }
    }
    return outcomes;
  }

  // With tracing on, each event is applied in a `process` span of its own.
  const apply = (items: readonly Item[]) =>
    spans ? spans.processed(items, options.group, (processes) => applyAll(items, processes)) : applyAll(items);

  async function deadLetter(
    message: IncomingMessage,
    eventId: string,
    error: unknown,
    attempts: number,
    signal: AbortSignal
  ): Promise<void> {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const headers = {
      ...message.headers,
      'x-dlq-error': reason.slice(0, 1000),
      'x-dlq-original-topic': message.topic,
      'x-dlq-original-partition': String(message.partition),
      'x-dlq-original-offset': message.offset,
      'x-dlq-consumer-group': options.group,
      'x-dlq-attempts': String(attempts),
      'x-dlq-failed-at': new Date().toISOString()
    };
    // The offset moves on only once the message is safely on the DLQ.
    for (let i = 0; ; i++) {
      try {
        const dead = [{ topic: deadLetterTopic(message.topic), key: message.key, value: message.value, headers }];
        await (spans ? spans.sent(dead, [eventId], (traced) => transport.publish(traced)) : transport.publish(dead));
        log.error(
          { topic: message.topic, offset: message.offset, attempts, error: reason },
          'event sent to the dead-letter topic'
        );
        return;
      } catch (publishError) {
        log.warn({ err: publishError }, 'could not publish to the dead-letter topic; retrying');
        await sleep(Math.min(MAX_RETRY_DELAY_MS, options.retryBaseMs * 2 ** Math.min(i, 10)), signal);
      }
    }
  }

  /** An event with a handler, ready to apply; anything else is dead-lettered or ignored here. */
  async function prepare(message: IncomingMessage, signal: AbortSignal): Promise<Item | null> {
    let event: CloudEvent;
    try {
      event = parseEnvelope(message);
    } catch (error) {
      metrics?.eventsConsumed.inc({ topic: message.topic, type: 'unknown', outcome: 'dead_lettered' });
      await deadLetter(message, '', error, 1, signal);
      return null;
    }
    const handler = handlerOf(byKey, message.topic, event.type);
    if (!handler) {
      metrics?.eventsConsumed.inc({ topic: message.topic, type: event.type, outcome: 'ignored' });
      return null;
    }
    return { message, event, handler };
  }

  /**
   * A batch of one partition in one transaction. If it fails, nothing of it was applied: its events are applied
   * again one by one, so that a failing event is retried and dead-lettered alone and the others still apply.
   */
  async function onBatch(messages: readonly IncomingMessage[], signal: AbortSignal): Promise<void> {
    const items: Item[] = [];
    for (const message of messages) {
      const item = await prepare(message, signal);
      if (item) items.push(item);
    }
    if (items.length === 0) return;
    if (items.length > 1) {
      try {
        const outcomes = await apply(items);
        items.forEach(({ message, event }, i) =>
          metrics?.eventsConsumed.inc({ topic: message.topic, type: event.type, outcome: outcomes[i]! })
        );
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        log.debug({ err: error, events: items.length }, 'a batch failed; applying its events one by one');
      }
    }
    for (const item of items) await applyOne(item, signal);
  }

  async function applyOne({ message, event, handler }: Item, signal: AbortSignal): Promise<void> {
    let attempts = 0;
    for (let tries = 0; ; tries++) {
      try {
        const [outcome] = await apply([{ message, event, handler }]);
        metrics?.eventsConsumed.inc({ topic: message.topic, type: event.type, outcome: outcome! });
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        const transient = isTransientInfrastructureError(error);
        if (!transient) attempts++;
        if (error instanceof PermanentEventError || attempts >= options.maxAttempts) {
          metrics?.eventsConsumed.inc({ topic: message.topic, type: event.type, outcome: 'dead_lettered' });
          return deadLetter(message, event.id, error, attempts, signal);
        }
        const delay = Math.min(MAX_RETRY_DELAY_MS, options.retryBaseMs * 2 ** Math.min(tries, 10));
        log.warn(
          { err: error, eventId: event.id, type: event.type, attempts, transient, retryInMs: delay },
          'event handler failed; retrying'
        );
        await sleep(delay, signal);
      }
    }
  }

  return {
    name: `${options.service}-event-consumer`,
    async start() {
      if (topics.length === 0) return;
      await transport.ensureTopics([...topics, ...topics.map(deadLetterTopic)]);
      subscription = await transport.subscribe({
        group: options.group,
        topics,
        handleBatch: onBatch,
        maxBatch: options.maxBatch
      });
    },
    async caughtUp() {
      if (topics.length === 0) return true;
      return (await subscription?.caughtUp()) ?? false;
    },
    async stop() {
      await subscription?.stop();
      subscription = undefined;
    }
  };
}
