import {
  Admin,
  Consumer,
  ProduceAcks,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message
} from '@platformatic/kafka';
import { sleep, withTimeout } from '../lifecycle/timers.ts';
import type { Logger } from '../observability/logger.ts';
import { createLanes } from './partition-lanes.ts';
import type { IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription, Transport } from './transport.ts';

export interface KafkaTransportOptions {
  brokers: readonly string[];
  clientId: string;
  logger: Logger;
  /** Put before every topic name on the broker (KAFKA_TOPIC_PREFIX); callers never see it. */
  topicPrefix?: string;
  partitions?: number;
  replicas?: number;
  /** How soon the group notices a consumer that died (its partitions go to another member). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

const RECONNECT_MAX_MS = 10_000;

/** A partition's first offset still held and the offset its next message will get. */
interface Bound {
  partition: number;
  first: bigint;
  end: bigint;
}

function toIncoming(message: Message<string, string, string, string>, prefix: string): IncomingMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of message.headers) headers[k] = v;
  const topic = message.topic.slice(prefix.length);
  return {
    topic,
    key: message.key,
    value: message.value,
    headers,
    partition: message.partition,
    offset: String(message.offset)
  };
}

/** Apache Kafka through @platformatic/kafka: an idempotent producer (acks=all) and one consumer per subscription. */
export function createKafkaTransport(options: KafkaTransportOptions): Transport {
  const log = options.logger.child({ component: 'kafka' });
  const prefix = options.topicPrefix ?? '';
  const onBroker = (topic: string): string => `${prefix}${topic}`;
  const bootstrapBrokers = [...options.brokers];
  const base = { bootstrapBrokers, timeout: 10_000, retries: 3, retryDelay: 250 };
  const producer = new Producer({
    ...base,
    clientId: `${options.clientId}-producer`,
    serializers: stringSerializers,
    idempotent: true,
    acks: ProduceAcks.ALL,
    autocreateTopics: false
  });
  const admin = new Admin({ ...base, clientId: `${options.clientId}-admin` });
  const subscriptions = new Set<Subscription>();
  const known = new Set<string>();

  async function createMissing(names: readonly string[]): Promise<void> {
    const missing = names.map(onBroker).filter((n) => !known.has(n));
    if (missing.length === 0) return;
    const existing = new Set(await admin.listTopics());
    const toCreate = missing.filter((n) => !existing.has(n));
    if (toCreate.length > 0) {
      try {
        await admin.createTopics({
          topics: toCreate,
          partitions: options.partitions ?? 3,
          replicas: options.replicas ?? 1
        });
        log.info({ topics: toCreate }, 'created topics');
      } catch (error) {
        // Another instance may have created them a moment ago; the broker's metadata may lag a little.
        let created = false;
        for (let i = 0; i < 10 && !created; i++) {
          const now = new Set(await admin.listTopics());
          created = toCreate.every((n) => now.has(n));
          if (!created) await sleep(200);
        }
        if (!created) throw error;
      }
    }
    for (const n of missing) known.add(n);
  }

  // One creation at a time per process: services starting together ask for the same topics.
  let creating: Promise<void> = Promise.resolve();
  function ensureTopics(names: readonly string[]): Promise<void> {
    if (names.every((n) => known.has(onBroker(n)))) return Promise.resolve();
    creating = creating.catch(() => undefined).then(() => createMissing(names));
    return creating;
  }

  /** The first and the next offset of every partition of the topics (by their names on the broker). */
  async function partitionBounds(names: readonly string[]): Promise<Map<string, Bound[]>> {
    const metadata = await admin.metadata({ topics: [...names], forceUpdate: true });
    const ask = (timestamp: bigint) =>
      admin.listOffsets({
        topics: names.map((name) => ({
          name,
          partitions: Array.from({ length: metadata.topics.get(name)?.partitionsCount ?? 0 }, (_, partitionIndex) => ({
            partitionIndex,
            timestamp
          }))
        }))
      });
    // -2: the earliest offset still held; -1: the offset the next message will get.
    const [earliest, latest] = await Promise.all([ask(-2n), ask(-1n)]);
    const bounds = new Map<string, Bound[]>();
    for (const topic of latest) {
      const first = earliest.find((t) => t.name === topic.name);
      bounds.set(
        topic.name,
        topic.partitions.map((p) => ({
          partition: p.partitionIndex,
          first: first?.partitions.find((f) => f.partitionIndex === p.partitionIndex)?.offset ?? 0n,
          end: p.offset
        }))
      );
    }
    return bounds;
  }

  /** Where the group will resume on each partition it has committed on. */
  async function committedOffsets(group: string): Promise<Map<string, Map<number, bigint>>> {
    const [listed] = await admin.listConsumerGroupOffsets({ groups: [group] });
    const committed = new Map<string, Map<number, bigint>>();
    for (const topic of listed?.topics ?? [])
      committed.set(topic.name, new Map(topic.partitions.map((p) => [p.partitionIndex, p.committedOffset])));
    return committed;
  }

  async function subscribe(sub: SubscribeOptions): Promise<Subscription> {
    const abort = new AbortController();
    // What the topics held when the subscription began: the group has caught up once it committed past all of it.
    // Taken again later if the broker could not say now (a later mark only asks a little more).
    let marks: Promise<Map<string, Bound[]>> | undefined;
    const takeMarks = () =>
      (marks ??= ensureTopics(sub.topics)
        .then(() => partitionBounds(sub.topics.map(onBroker)))
        .catch((error: unknown) => {
          marks = undefined;
          throw error;
        }));
    takeMarks().catch(() => undefined);
    let caught = false;
    let consumer: Consumer<string, string, string, string> | undefined;
    let closeStream: (() => Promise<void>) | undefined;
    let closeLanes: (() => Promise<void>) | undefined;
    let joining: Promise<unknown> | undefined;

    const consumeOnce = async (): Promise<void> => {
      // A group that joins before its topic exists would not see the topic appear.
      await ensureTopics(sub.topics);
      consumer = new Consumer({
        ...base,
        clientId: `${options.clientId}-${sub.group}`,
        groupId: sub.group,
        deserializers: stringDeserializers,
        sessionTimeout: options.sessionTimeoutMs ?? 10_000,
        heartbeatInterval: options.heartbeatIntervalMs ?? 1000,
        rebalanceTimeout: 30_000,
        maxWaitTime: 500,
        autocommit: false
      });
      joining = consumer.consume({
        topics: sub.topics.map(onBroker),
        autocommit: false,
        mode: 'committed',
        fallbackMode: 'earliest'
      });
      const stream = await (joining as ReturnType<typeof consumer.consume>);
      // Attached before anything else can run: a stream closed under us emits 'error', never unheard.
      let streamError: unknown;
      stream.on('error', (error) => (streamError = error));
      closeStream = () => stream.close();
      const lanes = createLanes(sub, abort.signal, log);
      closeLanes = () => lanes.close();
      try {
        for await (const message of stream) {
          if (abort.signal.aborted) break;
          lanes.push(toIncoming(message, prefix), async () => {
            await message.commit();
          });
          // Back-pressure: the stream waits while the partitions' lanes hold too much.
          await lanes.room();
        }
      } finally {
        // The batches under way finish (or give up, when stopping) before the consumer goes; the rest comes again.
        await lanes.close();
      }
      if (streamError && !abort.signal.aborted) throw streamError;
    };

    const run = async (): Promise<void> => {
      for (let failures = 0; !abort.signal.aborted;) {
        try {
          await consumeOnce();
          failures = 0;
        } catch (error) {
          if (abort.signal.aborted) break;
          failures++;
          const delay = Math.min(RECONNECT_MAX_MS, 250 * 2 ** Math.min(failures, 6));
          log.warn({ err: error, group: sub.group, retryInMs: delay }, 'consumer failed; reconnecting');
          await sleep(delay, abort.signal).catch(() => undefined);
        } finally {
          await closeStream?.().catch(() => undefined);
          await consumer?.close(true).catch(() => undefined);
          closeStream = undefined;
        }
      }
    };
    const running = run();
    const subscription: Subscription = {
      async caughtUp() {
        if (caught) return true;
        try {
          const [bounds, committed] = await Promise.all([takeMarks(), committedOffsets(sub.group)]);
          // A partition is done when the group committed up to its end as it was, or nothing before that end is
          // held any more (retention took it: the consumer starts at the earliest offset, with nothing to commit).
          caught = [...bounds].every(([topic, partitions]) =>
            partitions.every(({ partition, first, end }) => {
              const at = committed.get(topic)?.get(partition) ?? -1n;
              return (at > first ? at : first) >= end;
            })
          );
        } catch (error) {
          log.debug({ err: error, group: sub.group }, 'could not tell whether the group has caught up');
        }
        return caught;
      },
      async stop() {
        abort.abort(new Error('subscription stopped'));
        // A stop while the consumer is still joining its group waits for the join, then closes what it made.
        await joining?.catch(() => undefined);
        // The batches under way finish and their offsets are committed while the stream and its consumer are still
        // in the group: a commit asked of a closed stream, or of a consumer that left, is never settled by the
        // client, and waiting for it kept the subscription (and the producer and admin after it) open for good.
        await closeLanes?.();
        await closeStream?.().catch(() => undefined);
        await consumer?.close(true).catch(() => undefined);
        await running;
        subscriptions.delete(subscription);
      }
    };
    subscriptions.add(subscription);
    return subscription;
  }

  return {
    kind: 'kafka',
    ensureTopics,
    async publish(messages: readonly OutgoingMessage[]) {
      if (messages.length === 0) return;
      // The broker creates no topic by itself: the first event of a topic nobody consumes yet creates it.
      await ensureTopics([...new Set(messages.map((m) => m.topic))]);
      await producer.send({
        messages: messages.map((m) => ({ topic: onBroker(m.topic), key: m.key, value: m.value, headers: m.headers }))
      });
    },
    subscribe,
    async isReachable() {
      try {
        await withTimeout(admin.metadata({ topics: [], forceUpdate: true }), 2000, 'kafka metadata timed out');
        return true;
      } catch {
        return false;
      }
    },
    async drain() {
      // Kafka keeps what was published; nothing to wait for.
    },
    async close() {
      for (const s of [...subscriptions]) await s.stop();
      await producer.close().catch(() => undefined);
      await admin.close().catch(() => undefined);
    }
  };
}
