import { sleep } from '../lifecycle/timers.ts';
import type { Logger } from '../observability/logger.ts';
import { DEFAULT_MAX_BATCH, deliver } from './delivery.ts';
import type { IncomingMessage, OutgoingMessage, SubscribeOptions, Subscription, Transport } from './transport.ts';

// The embedded mode's event bus: one ordered log per topic (one partition), an offset per consumer group,
// offsets committed only after the handler resolves: the same at-least-once contract as Kafka, for as
// long as the process lives. Each topic of a subscription has its own worker (its one partition), handing over
// what is waiting, a batch at a time. Events not yet published stay in the outboxes on disk across a restart.

interface TopicLog {
  /** Offset of messages[0]: consumed messages are trimmed from the front. */
  base: number;
  messages: IncomingMessage[];
}

interface Worker {
  group: string;
  topic: string;
  busy: boolean;
  wake: () => void;
}

const TRIM_AFTER = 1000;

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

  /** What waits for the worker's group on its topic, up to `max` messages. */
  function waitingFor(worker: Worker, max: number): IncomingMessage[] {
    const t = topicLog(worker.topic);
    const at = offsets.get(offsetKey(worker.group, worker.topic)) ?? t.base;
    return t.messages.slice(at - t.base, at - t.base + max);
  }

  function commit(worker: Worker, message: IncomingMessage): void {
    offsets.set(offsetKey(worker.group, message.topic), Number(message.offset) + 1);
    const t = topicLog(message.topic);
    let min = endOf(t);
    for (const w of workers) {
      if (w.topic === message.topic) min = Math.min(min, offsets.get(offsetKey(w.group, message.topic)) ?? t.base);
    }
    if (min - t.base >= TRIM_AFTER) {
      t.messages.splice(0, min - t.base);
      t.base = min;
    }
  }

  function caughtUp(): boolean {
    for (const w of workers) if (w.busy || waitingFor(w, 1).length > 0) return false;
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
        if (w.group === options.group && options.topics.includes(w.topic)) {
          throw new Error(
            `group ${options.group} already consumes one of ${options.topics.join(', ')} in this process`
          );
        }
      }
      const abort = new AbortController();
      const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
      const run = async (worker: Worker): Promise<void> => {
        while (!abort.signal.aborted) {
          const batch = waitingFor(worker, maxBatch);
          if (batch.length === 0) {
            await new Promise<void>((resolve) => (worker.wake = resolve));
            continue;
          }
          worker.busy = true;
          try {
            await deliver(options, batch, abort.signal, log, (last) => commit(worker, last));
          } finally {
            worker.busy = false;
          }
        }
      };
      const own = [...new Set(options.topics)].map((topic) => {
        const worker: Worker = { group: options.group, topic, busy: false, wake: () => undefined };
        workers.add(worker);
        return worker;
      });
      const running = Promise.all(own.map(run));
      let caught = false;
      const subscription: Subscription = {
        // The bus lives and dies with the process: what it holds for the group is all there is to catch up with.
        async caughtUp() {
          return (caught ||= own.every((w) => !w.busy && waitingFor(w, 1).length === 0));
        },
        async stop() {
          abort.abort(new Error('subscription stopped'));
          for (const w of own) w.wake();
          await running;
          for (const w of own) workers.delete(w);
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
