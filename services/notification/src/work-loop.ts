import type { Component, Logger } from '@style-flow/platform';

export interface WorkLoop extends Component {
  wake(): void;
}

/**
 * A worker's loop: rounds of work back to back while there is work, then a sleep until the next row is due, the
 * poll interval ends (another instance may have queued work), or wake() says this instance just queued some. A
 * failing round is logged and the loop goes on; stop() waits for the round under way.
 */
export function createWorkLoop(options: {
  name: string;
  logger: Logger;
  pollIntervalMs: number;
  /** One round; true when it found work (another round follows at once). */
  round(): Promise<boolean>;
  nextDue(): Promise<Date | null>;
  onStop?(): void;
}): WorkLoop {
  let running = false;
  let loop: Promise<void> | undefined;
  let alarm: (() => void) | undefined;
  let woken = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        alarm = undefined;
        resolve();
      }
      alarm = done;
    });

  async function run(): Promise<void> {
    while (running) {
      woken = false;
      try {
        const busy = await options.round();
        if (!busy && !woken) {
          const due = await options.nextDue();
          const untilDue = due === null ? options.pollIntervalMs : due.getTime() - Date.now();
          // Never less than a few milliseconds: a row due now but held by another instance's claim is not spun on.
          if (running && !woken) await sleep(Math.max(5, Math.min(options.pollIntervalMs, untilDue)));
        }
      } catch (error) {
        if (running) options.logger.error({ err: error }, `${options.name}: a round failed; trying again`);
        if (running) await sleep(options.pollIntervalMs);
      }
    }
  }

  return {
    name: options.name,
    async start() {
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      alarm?.();
      await loop;
      loop = undefined;
      options.onStop?.();
    },
    wake() {
      woken = true;
      alarm?.();
    }
  };
}
