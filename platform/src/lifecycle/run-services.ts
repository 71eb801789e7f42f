import type { Logger } from '../observability/logger.ts';
import type { Transport } from '../messaging/transport.ts';
import type { ServiceHandle } from '../service/service-definition.ts';
import { startAll, type Component } from './component.ts';

/**
 * Starts services in phases (consumers, relays, workers, then HTTP) and returns a stop that goes the other way:
 * HTTP drains first, every outbox is flushed, consumers catch up with what was published, then the
 * transport, the services' long-lived parts (the auth service's password hashers) and the databases close. Each
 * step is bounded by timeoutMs. If a start fails, everything is stopped and closed before the error is rethrown.
 */
export async function runServices(
  handles: readonly ServiceHandle[],
  transport: Transport,
  logger: Logger,
  timeoutMs: number
): Promise<() => Promise<void>> {
  try {
    return await startAll(
      [
        phase(
          'databases',
          handles.map((h) => h.database)
        ),
        phase(
          'parts',
          handles.flatMap((h) => h.parts)
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
    // What the phases started has been stopped; what the services opened before they started (servers, pools,
    // parts, the clients and timers closed with their servers) is released too, each service's last opened first.
    await Promise.allSettled(handles.map((h) => h.release()));
    throw error;
  }
}

/**
 * Components started side by side, stopped side by side. When one fails to start, those that did start are stopped
 * before the failure is passed on: the caller stops only whole phases that started.
 */
function phase(name: string, parts: Component[]): Component {
  return {
    name,
    async start() {
      const results = await Promise.allSettled(parts.map((p) => p.start()));
      const failed = results.find((r) => r.status === 'rejected');
      if (!failed) return;
      await Promise.allSettled(parts.filter((_, i) => results[i]!.status === 'fulfilled').map((p) => p.stop()));
      throw failed.reason;
    },
    async stop() {
      await Promise.allSettled(parts.map((p) => p.stop()));
    }
  };
}
