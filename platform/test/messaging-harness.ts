// A producer (outbox + relay) and a consumer (inbox) over one database and one transport, for the
// messaging contract tests: every effect a handler has is a row in `effects`, in arrival order.
import { deadLetterTopic, type CloudEvent } from '@style-flow/contracts';
import {
  createEventConsumer,
  createOutboxRelay,
  enqueueEvents,
  migrate,
  platformMigrations,
  type Component,
  type EventHandler,
  type IncomingMessage,
  type OutboxRelay,
  type Queryable,
  type Transport
} from '../src/index.ts';
import type { TestContext } from 'node:test';
import { quietLogger, uniqueName, type TestDatabase } from '../src/testing/index.ts';

// `tx` tells which transaction applied an effect: many effects in one transaction were applied as a batch.
export const EFFECTS_SQL =
  'create table if not exists effects (id bigserial primary key, event_id uuid not null, subject text not null, seq int not null, consumer text not null, tx bigint not null default txid_current())';

export async function prepareDatabase(db: TestDatabase): Promise<void> {
  await migrate(db, [...(await platformMigrations()), { name: 'test/001-effects.sql', sql: EFFECTS_SQL }]);
}

/** The handler used throughout: records the effect; `thing.poison` always fails. */
export function recordingHandler(topic: string, type = 'thing.happened'): EventHandler {
  return {
    topic,
    type,
    async handle(tx: Queryable, event: CloudEvent, context) {
      if (event.type === 'thing.poison') throw new Error('this event can never be applied');
      const data = event.data as { seq: number };
      await tx.query('insert into effects (event_id, subject, seq, consumer) values ($1, $2, $3, $4)', [
        event.id,
        event.subject,
        data.seq,
        context.topic
      ]);
    }
  };
}

export interface Harness {
  topic: string;
  relay: OutboxRelay;
  consumer: Component;
  emit(subject: string, seq: number, type?: string, traceparent?: string): Promise<void>;
  effects(): Promise<Array<{ event_id: string; subject: string; seq: number }>>;
  stop(): Promise<void>;
}

/** Starts a harness that the test stops when it ends, whether it passed or not. */
export async function startHarness(
  t: TestContext,
  db: TestDatabase,
  transport: Transport,
  options: { handlers?: (topic: string) => EventHandler[]; startRelay?: boolean } = {}
): Promise<Harness> {
  const topic = uniqueName('topic');
  const logger = quietLogger();
  await transport.ensureTopics([topic, deadLetterTopic(topic)]);
  const relay = createOutboxRelay({ service: 'test', db, transport, logger, pollIntervalMs: 500 });
  const consumer = createEventConsumer({
    service: 'test',
    group: uniqueName('group'),
    db,
    transport,
    logger,
    handlers: options.handlers?.(topic) ?? [recordingHandler(topic), recordingHandler(topic, 'thing.poison')],
    maxAttempts: 3,
    retryBaseMs: 20
  });
  await consumer.start();
  if (options.startRelay !== false) await relay.start();
  let stopped: Promise<void> | undefined;
  const harness: Harness = {
    topic,
    relay,
    consumer,
    async emit(subject, seq, type = 'thing.happened', traceparent) {
      await db.transaction((tx) =>
        enqueueEvents(tx, 'test', [{ topic, type, subject, data: { seq }, traceparent }]).then(() => undefined)
      );
    },
    async effects() {
      return (
        await db.query<{ event_id: string; subject: string; seq: number }>(
          'select event_id, subject, seq from effects where consumer = $1 order by id',
          [topic]
        )
      ).rows;
    },
    stop() {
      stopped ??= relay.stop().finally(() => consumer.stop());
      return stopped;
    }
  };
  t.after(() => harness.stop());
  return harness;
}

/** Reads a topic from the beginning with a fresh group, collecting what arrives. */
export async function collect(
  transport: Transport,
  topic: string
): Promise<{ messages: IncomingMessage[]; stop(): Promise<void> }> {
  const messages: IncomingMessage[] = [];
  const sub = await transport.subscribe({
    group: uniqueName('reader'),
    topics: [topic],
    handle: async (m) => void messages.push(m)
  });
  return { messages, stop: () => sub.stop() };
}
