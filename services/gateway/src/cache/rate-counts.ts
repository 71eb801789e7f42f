import type { Logger } from '@style-flow/platform';
import type { Redis } from 'ioredis';

/** Where one key's window stands, as @fastify/rate-limit reads it. */
export interface RateState {
  current: number;
  /** Milliseconds until the window ends. */
  ttl: number;
}

/**
 * The gateway's rate-limit counts, kept in memory and shared with the other instances through Redis every `syncMs`
 * (as Kong's `sync_rate`): a request is counted and decided here, without a round trip, so the edge never waits on
 * Redis — and keeps counting, locally, while Redis is away. Windows are fixed and aligned to the clock
 * (floor(now / window)), so every instance agrees on them without asking.
 *
 * The price is an overshoot: an instance decides on everyone's count as of its last sync plus its own since, so
 * across N instances a key may get up to (N − 1) × (the requests one instance took for it within one sync interval)
 * more than its limit; never more than N × the limit in one window, since no instance admits past the limit by its
 * own view.
 */
export interface RateCounts {
  hit(key: string, windowMs: number): RateState;
  read(key: string, windowMs: number): RateState;
  /** Adds this instance's new counts to Redis and takes everyone's totals back. */
  sync(): Promise<void>;
  start(): void;
  /** Stops the timer and pushes what is still counted only here. */
  stop(): Promise<void>;
}

type Count = {
  window: number;
  windowMs: number;
  /** Everyone's count (this instance's included) as Redis had it at the last sync. */
  shared: number;
  /** Counted here since the last sync started. */
  pending: number;
  /** Counted here and on its way to Redis: still counted here until Redis's total includes it. */
  sending: number;
  lastHitAt: number;
};

export interface RateCountsOptions {
  /** Null: this instance alone (no REDIS_URL); the counts are local, as in the embedded mode. */
  redis: Redis | null;
  prefix: string;
  syncMs: number;
  logger: Logger;
}

export function createRateCounts(options: RateCountsOptions): RateCounts {
  const counts = new Map<string, Count>();
  let timer: NodeJS.Timeout | undefined;
  let syncing: Promise<void> | null = null;
  let failing = false;

  const state = (c: Count, now: number): RateState => ({
    current: c.shared + c.sending + c.pending,
    ttl: c.window + c.windowMs - now
  });

  function current(key: string, windowMs: number, now: number): Count {
    const window = Math.floor(now / windowMs) * windowMs;
    let c = counts.get(key);
    if (!c || c.window !== window || c.windowMs !== windowMs) {
      c = { window, windowMs, shared: 0, pending: 0, sending: 0, lastHitAt: now };
      counts.set(key, c);
    }
    return c;
  }

  async function push(): Promise<void> {
    const now = Date.now();
    const batch: { key: string; c: Count; added: number }[] = [];
    for (const [key, c] of counts) {
      if (c.window + c.windowMs <= now) counts.delete(key);
      // A key hit lately learns the others' counts too; one left alone for a while is asked again once hit.
      else if (c.pending > 0 || now - c.lastHitAt <= 2 * options.syncMs) batch.push({ key, c, added: c.pending });
    }
    if (!options.redis || batch.length === 0) return;
    const pipeline = options.redis.pipeline();
    for (const { key, c, added } of batch) {
      const redisKey = `${options.prefix}${key}:${c.window}`;
      pipeline.incrby(redisKey, added);
      // A second past the window's end: a late instance's push still lands in the window it counted for.
      pipeline.pexpireat(redisKey, c.window + c.windowMs + 1000);
      c.pending -= added;
      c.sending += added;
    }
    try {
      const results = (await pipeline.exec()) ?? [];
      const totals = batch.map((_, i) => {
        const [error, total] = results[2 * i] ?? [new Error('no reply')];
        if (error) throw error;
        return Number(total);
      });
      // Redis's total now holds what was sent: it moves from `sending` into `shared` in one step.
      batch.forEach(({ c, added }, i) => {
        c.sending -= added;
        c.shared = Math.max(c.shared, totals[i]!);
      });
      if (failing) options.logger.info('rate-limit counts shared through Redis again');
      failing = false;
    } catch (error) {
      // Kept to be pushed at the next sync; meanwhile this instance goes on counting by itself.
      for (const { c, added } of batch) {
        c.sending -= added;
        c.pending += added;
      }
      if (!failing) options.logger.warn({ err: error }, 'rate-limit counts not shared: Redis did not answer');
      failing = true;
    }
  }

  const sync = () => (syncing ??= push().finally(() => (syncing = null)));

  return {
    hit(key, windowMs) {
      const now = Date.now();
      const c = current(key, windowMs, now);
      c.pending++;
      c.lastHitAt = now;
      return state(c, now);
    },
    read(key, windowMs) {
      const now = Date.now();
      return state(current(key, windowMs, now), now);
    },
    sync,
    start() {
      // Also without Redis: a sync drops the counts of windows that have ended.
      timer = setInterval(() => void sync(), options.syncMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await sync();
    }
  };
}
