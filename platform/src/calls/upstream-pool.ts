import { Pool } from 'undici';
import type { Logger } from '../observability/logger.ts';

/**
 * One instance of a service behind the gateway, with its circuit breaker: closed (in use), open (ejected
 * after failures, for a cool-down), half-open (one trial request decides).
 */
export interface Instance {
  url: string;
  /** The instance's own keep-alive connections: a request goes out without parsing a URL or finding an origin. */
  client: Pool;
  /** Set by the active health check: false after two failed checks in a row, true after one good one. */
  healthy: boolean;
  failedChecks: number;
  state: 'closed' | 'open' | 'half-open';
  consecutiveFailures: number;
  openUntil: number;
  trialInFlight: boolean;
}

export interface PoolOptions {
  service: string;
  urls: readonly string[];
  logger: Logger;
  healthIntervalMs: number;
  /** Consecutive failures that open an instance's breaker. */
  failureThreshold?: number;
  /** How long an open breaker keeps the instance out. */
  coolDownMs?: number;
}

export interface UpstreamPool {
  service: string;
  instances: readonly Instance[];
  /** The next usable instance, round-robin, skipping `exclude`; null when none is. */
  pick(exclude?: ReadonlySet<Instance>): Instance | null;
  success(instance: Instance): void;
  failure(instance: Instance): void;
  start(): void;
  /** Ends the health checks and closes the connections (after the HTTP server has drained). */
  stop(): Promise<void>;
}

export function createUpstreamPool(options: PoolOptions): UpstreamPool {
  const threshold = options.failureThreshold ?? 3;
  const coolDownMs = options.coolDownMs ?? 5000;
  const log = options.logger.child({ component: 'upstream-pool', upstream: options.service });
  const instances: Instance[] = options.urls.map((url) => ({
    url: url.replace(/\/$/, ''),
    client: new Pool(url.replace(/\/$/, '')),
    healthy: true,
    failedChecks: 0,
    state: 'closed',
    consecutiveFailures: 0,
    openUntil: 0,
    trialInFlight: false
  }));
  let next = 0;
  let timer: NodeJS.Timeout | undefined;

  function usable(i: Instance, now: number, ignoreHealth: boolean): boolean {
    if (!i.healthy && !ignoreHealth) return false;
    if (i.state === 'open' && now >= i.openUntil) i.state = 'half-open';
    if (i.state === 'open') return false;
    if (i.state === 'half-open') return !i.trialInFlight;
    return true;
  }

  function open(i: Instance, why: string): void {
    if (i.state !== 'open') log.warn({ instance: i.url, why }, 'upstream instance ejected');
    i.state = 'open';
    i.openUntil = Date.now() + coolDownMs;
    i.trialInFlight = false;
  }

  async function check(i: Instance): Promise<void> {
    try {
      const res = await i.client.request({ method: 'GET', path: '/health', headersTimeout: 2000, bodyTimeout: 2000 });
      await res.body.dump();
      checked(i, res.statusCode === 200);
    } catch {
      checked(i, false);
    }
  }

  function checked(i: Instance, ok: boolean): void {
    i.failedChecks = ok ? 0 : i.failedChecks + 1;
    const healthy = ok || (i.healthy && i.failedChecks < 2);
    if (healthy !== i.healthy) log.info({ instance: i.url, healthy }, 'upstream health changed');
    i.healthy = healthy;
  }

  return {
    service: options.service,
    instances,
    pick(exclude) {
      const now = Date.now();
      // Healthy instances first; when the checks say none is, try those whose breaker is not open anyway
      // ("panic routing"): a health check can be wrong, a refused connection is not.
      for (const ignoreHealth of [false, true]) {
        for (let n = 0; n < instances.length; n++) {
          const i = instances[(next + n) % instances.length]!;
          if (exclude?.has(i) || !usable(i, now, ignoreHealth)) continue;
          next = (next + n + 1) % instances.length;
          if (i.state === 'half-open') i.trialInFlight = true;
          return i;
        }
      }
      return null;
    },
    success(i) {
      if (i.state !== 'closed') log.info({ instance: i.url }, 'upstream instance back in use');
      i.state = 'closed';
      i.consecutiveFailures = 0;
      i.trialInFlight = false;
      i.healthy = true;
    },
    failure(i) {
      i.consecutiveFailures++;
      if (i.state === 'half-open' || i.consecutiveFailures >= threshold)
        open(i, `${i.consecutiveFailures} consecutive failures`);
    },
    start() {
      const run = () => void Promise.all(instances.map(check));
      run();
      timer = setInterval(run, options.healthIntervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await Promise.all(instances.map((i) => i.client.close()));
    }
  };
}
