import { withTimeout } from '../lifecycle/timers.ts';
import type { Logger } from '../observability/logger.ts';
import { DEFAULT_MAX_BATCH, deliver } from './delivery.ts';
import type { IncomingMessage, SubscribeOptions } from './transport.ts';

/** Commits a message's offset (and every earlier one of its partition) on the broker. */
type Commit = () => Promise<unknown>;

/**
 * How long close() waits for the offset commits under way. A commit the client can no longer send (its consumer is
 * rebalancing or has left the group) is never settled by it; its messages then come again, which the inbox absorbs.
 */
const COMMIT_WAIT_MS = 5_000;

interface Lane {
  queue: { message: IncomingMessage; commit: Commit }[];
  running: Promise<void> | null;
}

export interface Lanes {
  /** Queues a message on its partition's lane; the lane hands it over with the others waiting there. */
  push(message: IncomingMessage, commit: Commit): void;
  /** Resolves at once while the lanes hold little; otherwise once they have worked it down by half. */
  room(): Promise<void>;
  /**
   * Drops what no lane has started, and waits for the batches under way and their offset commits (those for at most
   * commitWaitMs). Safe to call again.
   */
  close(): Promise<void>;
}

/**
 * One lane per partition of a Kafka subscription: partitions are consumed in parallel, each in order, a batch of
 * what is waiting at a time (so a busy partition is applied many events per transaction, a quiet one at once). The
 * offset of a batch is committed once it is delivered, without waiting for the commit before the next batch: the
 * client merges commits per partition, and an offset lost to a rebalance only means a redelivery (the inbox).
 */
export function createLanes(
  subscriber: SubscribeOptions,
  signal: AbortSignal,
  log: Logger,
  maxBuffered = 2048,
  commitWaitMs = COMMIT_WAIT_MS
): Lanes {
  const maxBatch = subscriber.maxBatch ?? DEFAULT_MAX_BATCH;
  const lanes = new Map<string, Lane>();
  const commits = new Set<Promise<unknown>>();
  let buffered = 0;
  let closed = false;
  let waiting: (() => void) | null = null;

  function committed(commit: Commit): void {
    const pending = commit().catch((error: unknown) => {
      if (!signal.aborted) log.warn({ err: error }, 'offset commit failed; the batch may be delivered again');
    });
    commits.add(pending);
    void pending.finally(() => commits.delete(pending));
  }

  async function work(lane: Lane): Promise<void> {
    while (lane.queue.length > 0 && !signal.aborted && !closed) {
      const taken = lane.queue.splice(0, maxBatch);
      const byMessage = new Map(taken.map((t) => [t.message, t.commit]));
      try {
        await deliver(
          subscriber,
          taken.map((t) => t.message),
          signal,
          log,
          (last) => committed(byMessage.get(last)!)
        );
      } finally {
        buffered -= taken.length;
        if (waiting && buffered <= maxBuffered / 2) {
          waiting();
          waiting = null;
        }
      }
    }
  }

  function start(lane: Lane): void {
    lane.running = work(lane).finally(() => {
      lane.running = null;
      // A message pushed while the last batch was being delivered, after the loop looked: start again.
      if (lane.queue.length > 0 && !signal.aborted && !closed) start(lane);
    });
  }

  return {
    push(message, commit) {
      const key = `${message.topic}\u0000${message.partition}`;
      let lane = lanes.get(key);
      if (!lane) lanes.set(key, (lane = { queue: [], running: null }));
      lane.queue.push({ message, commit });
      buffered++;
      if (!lane.running) start(lane);
    },
    room() {
      if (buffered < maxBuffered || signal.aborted || closed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const done = (): void => {
          signal.removeEventListener('abort', done);
          resolve();
        };
        waiting = done;
        signal.addEventListener('abort', done, { once: true });
      });
    },
    async close() {
      closed = true;
      for (const lane of lanes.values()) {
        buffered -= lane.queue.length;
        lane.queue.length = 0;
      }
      waiting?.();
      await Promise.all([...lanes.values()].map((l) => l.running));
      if (commits.size === 0) return;
      await withTimeout(Promise.all([...commits]), commitWaitMs, 'offset commits did not settle').catch(
        (error: unknown) =>
          log.warn({ err: error }, 'stopping without the last offset commits; they are delivered again')
      );
    }
  };
}
