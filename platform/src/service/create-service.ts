import { createCloser } from '../lifecycle/closer.ts';
import type { ServiceDeps, ServiceHandle } from './service-definition.ts';

/**
 * Calls a service's factory so that a failure leaves nothing open: whatever its runtime had opened by then (the
 * database's pool, the HTTP server, the parts the factory made) is closed, the last opened first, and the factory's
 * own error is rethrown. Without this, a factory that throws after createServiceRuntime (the configured admin
 * cannot be created, a route does not register) keeps its pool, and with it the process, alive.
 */
export async function createService<D extends ServiceDeps<unknown>>(
  create: (deps: D) => Promise<ServiceHandle>,
  deps: D
): Promise<ServiceHandle> {
  const opened = createCloser();
  try {
    return await create({ ...deps, opened });
  } catch (error) {
    await opened.close().catch((failure: unknown) => {
      deps.logger.error({ err: failure }, 'closing what a failed service had opened failed');
    });
    throw error;
  }
}
