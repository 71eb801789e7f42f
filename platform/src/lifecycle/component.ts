import type { Logger } from '../observability/logger.ts';

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

export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Sleeps, waking early (and rejecting) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
