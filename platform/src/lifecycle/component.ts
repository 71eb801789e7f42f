import type { Logger } from '../observability/logger.ts';
import { withTimeout } from './timers.ts';

/** Everything long-lived: started once, stopped once (DESIGN rule 10). */
export interface Component {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts components in order; if one fails, stops those already started (in reverse) and rethrows.
 * Returns a stop function that stops them all in reverse order, each bounded by the timeout.
 */
export async function startAll(
  components: readonly Component[],
  logger: Logger,
  timeoutMs: number
): Promise<() => Promise<void>> {
  const started: Component[] = [];
  const stopAll = async (): Promise<void> => {
    for (const c of started.reverse()) {
      try {
        await withTimeout(c.stop(), timeoutMs, `${c.name} did not stop within ${timeoutMs} ms`);
        logger.debug({ component: c.name }, 'stopped');
      } catch (error) {
        logger.error({ component: c.name, err: error }, 'stop failed');
      }
    }
    started.length = 0;
  };
  try {
    for (const c of components) {
      await c.start();
      started.push(c);
      logger.debug({ component: c.name }, 'started');
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}
