import { AdvisoryLocks } from '../db/advisory-locks.ts';
import type { Database, Session } from '../db/database.ts';
import type { Component } from '../lifecycle/component.ts';
import { sleep, withTimeout } from '../lifecycle/timers.ts';
import type { Logger } from '../observability/logger.ts';
import type { ServiceMetrics } from '../observability/metrics.ts';
import type { MessageSpans } from './message-spans.ts';
import type { OutgoingMessage, Transport } from './transport.ts';

export interface OutboxRelayOptions {
  service: string;
  db: Database;
  transport: Transport;
  logger: Logger;
  metrics?: ServiceMetrics;
  /** Safety poll; the relay also wakes on every commit through LISTEN/NOTIFY. */
  pollIntervalMs: number;
  batchSize?: number;
  /** How long stop() may spend sending what is left. */
  flushTimeoutMs?: number;
  /** With tracing on: a `send` span per message published. */
  spans?: MessageSpans | null;
}

export interface OutboxRelay extends Component {
  /** Publishes everything in the outbox now (tests, shutdown). */
  flush(): Promise<void>;
}

// One relay per database publishes at a time (a session advisory lock), so one entity's events leave
// in the order they were committed. Other instances wait as standbys and take over if it dies.
const RELAY_LOCK = AdvisoryLocks.outboxRelay;
// A failed publish is tried again at least twice a second: a broker that comes back is noticed within a second or
// two, not after a long backoff with nothing newly committed to wake the relay. A try against a broker that is down
// fails fast (the connection is refused), so this costs little while it lasts.
const MAX_BACKOFF_MS = 500;

interface OutboxRow {
  [column: string]: unknown;
  id: number;
  topic: string;
  key: string;
  envelope: unknown;
  headers: Record<string, string>;
  created_at: Date;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { db, transport, logger, metrics, spans } = options;
  const batchSize = options.batchSize ?? 500;
  const log = logger.child({ component: 'outbox-relay' });
  let stopping = new AbortController();
  let wake: () => void = () => undefined;
  let loop: Promise<void> | undefined;
  let leader = false;
  let publishing: Promise<number> = Promise.resolve(0);

  async function publishBatch(): Promise<number> {
    const { rows } = await db.query<OutboxRow>(
      'select id, topic, key, envelope, headers, created_at from platform_outbox order by id limit $1',
      [batchSize]
    );
    if (rows.length === 0) return 0;
    const messages: OutgoingMessage[] = rows.map((r) => ({
      topic: r.topic,
      key: r.key,
      value: JSON.stringify(r.envelope),
      headers: r.headers
    }));
    if (spans) {
      const ids = rows.map((r) => String((r.envelope as { id?: unknown } | null)?.id ?? ''));
      await spans.sent(messages, ids, (traced) => transport.publish(traced));
    } else {
      await transport.publish(messages);
    }
    await db.query('delete from platform_outbox where id = any($1::bigint[])', [rows.map((r) => r.id)]);
    const now = Date.now();
    for (const r of rows) {
      metrics?.eventsPublished.inc({ topic: r.topic });
      metrics?.relayLag.observe((now - r.created_at.getTime()) / 1000);
    }
    return rows.length;
  }

  // Serialises batches: the loop and an explicit flush() never publish the same rows twice at once.
  function publishOnce(): Promise<number> {
    publishing = publishing.catch(() => 0).then(publishBatch);
    return publishing;
  }

  function nextWake(ms: number, session: Session): Promise<unknown> {
    return Promise.race([
      new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, ms).unref();
      }),
      session.lost.then((e) => Promise.reject(e))
    ]);
  }

  async function lead(session: Session, signal: AbortSignal): Promise<void> {
    await session.listen('platform_outbox', () => wake());
    let failures = 0;
    while (!signal.aborted) {
      try {
        const sent = await publishOnce();
        failures = 0;
        if (sent >= batchSize) continue;
      } catch (error) {
        failures++;
        const delay = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures, 10));
        if (failures === 1 || failures % 10 === 0)
          log.warn({ err: error, failures, retryInMs: delay }, 'publishing the outbox failed; retrying');
        await nextWake(delay, session);
        continue;
      }
      await nextWake(options.pollIntervalMs, session);
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let session: Session | undefined;
      try {
        session = await db.session();
        while (!signal.aborted) {
          const { rows } = await session.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [RELAY_LOCK]);
          if (rows[0]?.ok) break;
          await Promise.race([sleep(options.pollIntervalMs * 2, signal), session.lost.then((e) => Promise.reject(e))]);
        }
        if (signal.aborted) break;
        leader = true;
        log.debug('leading the outbox relay');
        await lead(session, signal);
      } catch (error) {
        if (signal.aborted) break;
        log.warn({ err: error }, 'outbox relay lost its database session; reconnecting');
        await sleep(1000, signal).catch(() => undefined);
      } finally {
        leader = false;
        await session?.release();
      }
    }
  }

  async function flush(): Promise<void> {
    while ((await publishOnce()) > 0) {
      /* until empty */
    }
  }

  return {
    name: `${options.service}-outbox-relay`,
    async start() {
      stopping = new AbortController();
      loop = run(stopping.signal);
    },
    flush,
    async stop() {
      const wasLeader = leader;
      stopping.abort();
      wake();
      await loop;
      // Send what is left; if the transport is down, it stays in the outbox for the next start.
      if (wasLeader) {
        await withTimeout(flush(), options.flushTimeoutMs ?? 5000, 'outbox flush timed out').catch((error: unknown) =>
          log.warn({ err: error }, 'events left in the outbox are sent at the next start')
        );
      }
    }
  };
}
