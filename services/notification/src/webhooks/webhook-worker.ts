import { request } from 'undici';
import type { Component, Database, Logger } from '@style-flow/platform';
import {
  claimDeliveries,
  dueDeliveries,
  nextDeliveryDue,
  recordAttempt,
  type DeliveryRow
} from '../data/delivery-repository.ts';
import { findEndpoint, type EndpointRow } from '../data/webhook-repository.ts';
import type { NotificationSettings } from '../notification-config.ts';
import { createWorkLoop } from '../work-loop.ts';
import { signatures } from './signature.ts';
import { literalRefused, type TargetGuard } from './target-guard.ts';

/** SPEC §3.8: the waits before each retry; a delivery is tried once and then after each of these. */
export const RETRY_SCHEDULE_MS = [5e3, 3e5, 18e5, 72e5, 18e6, 36e6, 504e5, 72e6, 864e5] as const;

const EXCERPT_BYTES = 1024;

interface Answer {
  statusCode: number | null;
  response: string | null;
  error: string | null;
  ms: number;
}

export interface WebhookWorker extends Component {
  wake(): void;
}

/** What ends a delivery's life other than success: the endpoint is disabled and the admins told. */
export type DisableEndpoint = (endpoint: EndpointRow, delivery: DeliveryRow, reason: string) => Promise<void>;

/** The first 1 KB of an answer's body; the rest is not read (a receiver cannot make the worker hold megabytes). */
async function excerpt(body: AsyncIterable<Buffer> & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= EXCERPT_BYTES) break;
  }
  body.destroy();
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

/**
 * Delivers webhooks: each fact matched by an endpoint's filter is POSTed as its CloudEvents envelope, signed with
 * every secret that signs now, within WEBHOOK_TIMEOUT_MS; redirects are not followed (a 3xx is a failure). Up to
 * WEBHOOK_CONCURRENCY deliveries run at once, at most WEBHOOK_PER_ENDPOINT of them to one endpoint, so a slow or dead
 * receiver delays only its own. A failure is tried again after the next wait of the schedule (divided by
 * WEBHOOK_RETRY_SPEEDUP); 410 Gone, or a failure after the last wait, disables the endpoint.
 */
export function createWebhookWorker(deps: {
  db: Database;
  logger: Logger;
  settings: NotificationSettings;
  guard: TargetGuard;
  disable: DisableEndpoint;
}): WebhookWorker {
  const { db, settings } = deps;
  const log = deps.logger.child({ component: 'webhook-worker' });
  const running = new Map<number, number>();
  const underWay = new Set<Promise<void>>();
  let total = 0;

  async function post(endpoint: EndpointRow, d: DeliveryRow): Promise<Answer> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    const url = new URL(endpoint.url);
    const refused = literalRefused(url, settings.webhookAllowedHosts);
    if (refused) return { statusCode: null, response: null, error: refused, ms: 0 };
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = [endpoint.secret];
    if (
      endpoint.previous_secret &&
      endpoint.previous_secret_expires_at &&
      endpoint.previous_secret_expires_at > new Date()
    )
      secrets.push(endpoint.previous_secret);
    try {
      const answer = await request(url, {
        method: 'POST',
        dispatcher: deps.guard.agent,
        signal: AbortSignal.timeout(settings.webhookTimeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Style Flow webhooks',
          'webhook-id': d.event_id,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatures(secrets, d.event_id, timestamp, d.body)
        },
        body: d.body
      });
      return { statusCode: answer.statusCode, response: await excerpt(answer.body), error: null, ms: ms() };
    } catch (error) {
      const cause = (error as { cause?: unknown }).cause;
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      const why = cause instanceof Error && cause.name === 'RefusedTarget' ? cause.message : reason;
      return { statusCode: null, response: null, error: why.slice(0, 1000), ms: ms() };
    }
  }

  async function deliver(d: DeliveryRow): Promise<void> {
    const endpoint = await findEndpoint(db, d.endpoint_id);
    if (!endpoint) return;
    const a = await post(endpoint, d);
    const ok = a.statusCode !== null && a.statusCode >= 200 && a.statusCode < 300;
    const gone = a.statusCode === 410;
    const wait = RETRY_SCHEDULE_MS[d.attempts];
    const retryAt =
      ok || gone || wait === undefined ? null : new Date(Date.now() + wait / settings.webhookRetrySpeedup);
    const status = ok ? 'delivered' : retryAt ? 'retrying' : 'failed';
    await db.transaction((tx) =>
      recordAttempt(
        tx,
        d.id,
        { status_code: a.statusCode, duration_ms: a.ms, response: a.response, error: a.error },
        { status, at: retryAt }
      )
    );
    if (ok) return;
    const said = a.statusCode === null ? a.error : `HTTP ${a.statusCode}`;
    log.warn(
      { deliveryId: d.id, endpointId: endpoint.id, attempt: d.attempts + 1, said, retryAt },
      'webhook delivery failed'
    );
    if (gone) await deps.disable(endpoint, d, 'the receiver answered 410 Gone');
    else if (!retryAt)
      await deps.disable(endpoint, d, `delivery failed after ${d.attempts + 1} attempts (last: ${said})`);
  }

  function launch(d: DeliveryRow): void {
    total++;
    running.set(d.endpoint_id, (running.get(d.endpoint_id) ?? 0) + 1);
    const work = deliver(d)
      .catch((error: unknown) =>
        log.error({ err: error, deliveryId: d.id }, 'a webhook delivery could not be processed')
      )
      .finally(() => {
        total--;
        running.set(d.endpoint_id, running.get(d.endpoint_id)! - 1);
        underWay.delete(work);
        loop.wake();
      });
    underWay.add(work);
  }

  async function round(): Promise<boolean> {
    const free = settings.webhookConcurrency - total;
    if (free <= 0) return false;
    const due = await dueDeliveries(db, settings.webhookPerEndpoint, free * 2);
    const taken = new Map<number, number>();
    const chosen: string[] = [];
    for (const c of due) {
      const n = (running.get(c.endpoint_id) ?? 0) + (taken.get(c.endpoint_id) ?? 0);
      if (n >= settings.webhookPerEndpoint || chosen.length >= free) continue;
      taken.set(c.endpoint_id, (taken.get(c.endpoint_id) ?? 0) + 1);
      chosen.push(c.id);
    }
    const claimed = await claimDeliveries(db, chosen, settings.claimLeaseMs);
    for (const d of claimed) launch(d);
    return claimed.length > 0;
  }

  const loop = createWorkLoop({
    name: 'webhook-worker',
    logger: log,
    pollIntervalMs: settings.pollIntervalMs,
    round,
    // With every place taken, the next due row cannot start: sleep until a delivery ends (it wakes the loop).
    nextDue: () => (total >= settings.webhookConcurrency ? Promise.resolve(null) : nextDeliveryDue(db))
  });
  return {
    name: loop.name,
    start: () => loop.start(),
    wake: () => loop.wake(),
    async stop() {
      await loop.stop();
      await Promise.allSettled([...underWay]);
      await deps.guard.agent.close();
    }
  };
}
