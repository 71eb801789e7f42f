import type { Logger } from '../observability/logger.ts';
import type { Transport } from '../messaging/transport.ts';
import type { ServiceHandle } from '../service/service-definition.ts';
import { startAll, type Component } from './component.ts';

/**
 * Starts services in phases (consumers, relays, workers, then HTTP) and returns a stop that goes the other way:
 * HTTP drains first, every outbox is flushed, consumers catch up with what was published, then the
 * transport and the databases close. Each step is bounded by timeoutMs.
 */
export async function runServices(
  handles: readonly ServiceHandle[],
  transport: Transport,
  logger: Logger,
  timeoutMs: number
): Promise<() => Promise<void>> {
  const phase = (name: string, parts: Component[]): Component => ({
    name,
    async start() {
      await Promise.all(parts.map((p) => p.start()));
    },
    async stop() {
      await Promise.allSettled(parts.map((p) => p.stop()));
    }
  });
  try {
    return await startAll(
      [
        phase(
          'databases',
          handles.map((h) => h.database)
        ),
        {
          name: 'transport',
          async start() {},
          async stop() {
            await transport.close();
          }
        },
        phase(
          'consumers',
          handles.map((h) => h.consumer)
        ),
        {
          name: 'drain',
          async start() {},
          async stop() {
            await transport.drain(timeoutMs);
          }
        },
        phase(
          'relays',
          handles.map((h) => h.relay)
        ),
        phase(
          'workers',
          handles.flatMap((h) => h.workers)
        ),
        phase(
          'http',
          handles.map((h) => h.http)
        )
      ],
      logger,
      timeoutMs
    );
  } catch (error) {
    // Whatever the handles opened before the failure (servers, clients, timers) is released too.
    await Promise.allSettled(handles.map((h) => h.http.stop()));
    throw error;
  }
}
