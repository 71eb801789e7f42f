import type { Logger } from '../observability/logger.ts';
import type { Component } from './component.ts';
import { sleep } from './timers.ts';

export interface PeriodicTaskOptions {
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One round of work; it should be safe to run in several instances at once (the database decides). */
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Runs a round of work every intervalMs, never two at once; a failing round is logged and the next one
 * comes on time. stop() waits for the round under way.
 */
export function createPeriodicTask(options: PeriodicTaskOptions): Component {
  const log = options.logger.child({ component: options.name });
  let abort: AbortController | undefined;
  let loop: Promise<void> | undefined;

  async function runLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await options.run(signal);
      } catch (error) {
        if (!signal.aborted) log.error({ err: error }, 'periodic task failed; trying again next round');
      }
      await sleep(options.intervalMs, signal).catch(() => undefined);
    }
  }

  return {
    name: options.name,
    async start() {
      abort = new AbortController();
      loop = runLoop(abort.signal);
    },
    async stop() {
      abort?.abort(new Error(`${options.name} stopping`));
      await loop;
      loop = undefined;
    }
  };
}
