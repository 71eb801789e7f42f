import { sleep } from '../lifecycle/timers.ts';
import type { Logger } from '../observability/logger.ts';
import type { IncomingMessage, SubscribeOptions } from './transport.ts';

const REDELIVERY_PAUSE_MS = 200;
export const DEFAULT_MAX_BATCH = 256;

/**
 * Hands one partition's waiting messages to a subscriber, both transports alike: the whole batch to `handleBatch`,
 * or each message to `handle`, again and again until it resolves. `delivered` is called for the last message done
 * (once per batch, or once per message), so that the transport commits its offset; nothing is committed past a
 * message that is not. Returns early, undelivered, when the subscription stops.
 */
export async function deliver(
  subscriber: SubscribeOptions,
  batch: readonly IncomingMessage[],
  signal: AbortSignal,
  log: Logger,
  delivered: (last: IncomingMessage) => void
): Promise<void> {
  const attempt = async (run: () => Promise<void>, first: IncomingMessage): Promise<boolean> => {
    for (;;) {
      try {
        await run();
        return true;
      } catch (error) {
        if (signal.aborted) return false;
        log.warn({ err: error, topic: first.topic, offset: first.offset }, 'handler failed; redelivering');
        await sleep(REDELIVERY_PAUSE_MS, signal).catch(() => undefined);
        if (signal.aborted) return false;
      }
    }
  };
  const { handleBatch, handle } = subscriber;
  if (handleBatch) {
    if (await attempt(() => handleBatch(batch, signal), batch[0]!)) delivered(batch.at(-1)!);
    return;
  }
  if (!handle) throw new Error('a subscription needs handle or handleBatch');
  for (const message of batch) {
    if (!(await attempt(() => handle(message, signal), message))) return;
    delivered(message);
  }
}
