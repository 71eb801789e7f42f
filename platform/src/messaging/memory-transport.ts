import { sleep } from '../lifecycle/timers.ts';
import type { Logger } from '../observability/logger.ts';
import type { IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription, Transport } from './transport.ts';

// The embedded mode's event bus: one ordered log per topic (one partition), an offset per consumer group,
// offsets committed only after the handler resolves: the same at-least-once contract as Kafka, for as
// long as the process lives. Events not yet published stay in the outboxes on disk across a restart.

interface TopicLog {
  /** Offset of messages[0]: consumed messages are trimmed from the front. */
  base: number;
  messages: IncomingMessage[];
}

interface Worker {
  group: string;
  topics: readonly string[];
  busy: boolean;
  wake: () => void;
}

const TRIM_AFTER = 1000;
const REDELIVERY_PAUSE_MS = 200;

export function createMemoryTransport(logger: Logger): Transport {
  const log = logger.child({ component: 'memory-bus' });
  const topics = new Map<string, TopicLog>();
  const offsets = new Map<string, number>();
  const workers = new Set<Worker>();
  const subscriptions = new Set<Subscription>();
  let closed = false;

  const topicLog = (name: string): TopicLog => {
    let t = topics.get(name);
    if (!t) topics.set(name, (t = { base: 0, messages: [] }));
    return t;
  };
  const offsetKey = (group: string, topic: string): string => `${group}\u0000${topic}`;
  const endOf = (t: TopicLog): number => t.base + t.messages.length;

  function next(worker: Worker): IncomingMessage | undefined {
    for (const name of worker.topics) {
      const t = topicLog(name);
      const at = offsets.get(offsetKey(worker.group, name)) ?? t.base;
      if (at < endOf(t)) return t.messages[at - t.base];
    }
    return undefined;
  }

  function commit(worker: Worker, message: IncomingMessage): void {
    offsets.set(offsetKey(worker.group, message.topic), Number(message.offset) + 1);
    const t = topicLog(message.topic);
    let min = endOf(t);
    for (const w of workers) {
      if (w.topics.includes(message.topic))
        min = Math.min(min, offsets.get(offsetKey(w.group, message.topic)) ?? t.base);
    }
    if (min - t.base >= TRIM_AFTER) {
      t.messages.splice(0, min - t.base);
      t.base = min;
    }
  }

  function caughtUp(): boolean {
    for (const w of workers) if (w.busy || next(w)) return false;
    return true;
  }

  return {
    kind: 'memory',
    async ensureTopics(names) {
      for (const n of names) topicLog(n);
    },
    async publish(messages: readonly OutgoingMessage[]) {
      if (closed) throw new Error('the in-process bus is closed');
      for (const m of messages) {
        const t = topicLog(m.topic);
        t.messages.push({ ...m, headers: { ...m.headers }, partition: 0, offset: String(endOf(t)) });
      }
      for (const w of workers) w.wake();
    },
    async subscribe(options: SubscribeOptions): Promise<Subscription> {
      for (const w of workers) {
        if (w.group === options.group && w.topics.some((t) => options.topics.includes(t))) {
          throw new Error(
            `group ${options.group} already consumes one of ${options.topics.join(', ')} in this process`
          );
        }
      }
      const abort = new AbortController();
      let wakeUp: (() => void) | undefined;
      const worker: Worker = { group: options.group, topics: [...options.topics], busy: false, wake: () => wakeUp?.() };
      workers.add(worker);
      const run = async (): Promise<void> => {
        while (!abort.signal.aborted) {
          const message = next(worker);
          if (!message) {
            await new Promise<void>((resolve) => (wakeUp = resolve));
            continue;
          }
          worker.busy = true;
          try {
            await options.handle(message, abort.signal);
            commit(worker, message);
          } catch (error) {
            if (abort.signal.aborted) break;
            log.warn({ err: error, topic: message.topic, offset: message.offset }, 'handler failed; redelivering');
            await sleep(REDELIVERY_PAUSE_MS, abort.signal).catch(() => undefined);
          } finally {
            worker.busy = false;
          }
        }
      };
      const running = run();
      const subscription: Subscription = {
        async stop() {
          abort.abort(new Error('subscription stopped'));
          worker.wake();
          await running;
          workers.delete(worker);
          subscriptions.delete(subscription);
        }
      };
      subscriptions.add(subscription);
      return subscription;
    },
    async isReachable() {
      return !closed;
    },
    async drain(timeoutMs: number) {
      const deadline = Date.now() + timeoutMs;
      while (!caughtUp() && Date.now() < deadline) await sleep(10);
    },
    async close() {
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.stop()));
    }
  };
}
