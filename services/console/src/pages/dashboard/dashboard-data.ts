import { isProblem, type Json, type StyleFlowClient } from '@style-flow/client';
import { apiPages } from '../../http/csv-export.ts';
import type { Me } from '../../http/page-context.ts';
import { waitsForStaff, type Payment } from '../staff-payments/payment-types.ts';
import { toMilli } from './money-sum.ts';

type EventItem = Json<'/events', 'get'>['data'][number];
export type FailedMessage = Json<'/notifications/messages', 'get'>['data'][number];
type Webhook = Json<'/webhooks', 'get'>['data'][number];
type Delivery = Json<'/webhooks/{id}/deliveries', 'get'>['data'][number];

/** What the gateway's live view gives (GET /gateway/events); its OpenAPI document does not describe the body. */
export interface RecentEvent {
  topic: string;
  type: string;
  source: string;
  subject: string;
  id: string;
  time: string;
}

/** A section that could not be loaded says so in its place; the rest of the dashboard is still shown. */
export type Part<T> = { ok: true; value: T } | { ok: false; message: string | null };

export const EVENTS_SHOWN = 10;
export const REGISTRATION_DAYS = 14;
export const REVENUE_WEEKS = 8;
const DAY_MS = 86_400_000;

export interface UpcomingEvent {
  event: EventItem;
  /** null when the reader may not see the event's registrations (a manager, for another organiser's event). */
  waitlisted: number | null;
}

export interface Dashboard {
  now: Date;
  events: Part<{ upcoming: UpcomingEvent[]; perDay: { day: Date; count: number }[] | null }>;
  /** Net revenue (charges less refunds) per currency in thousandths: the window's total and each week's. */
  revenue: Part<{ currency: string; total: bigint; weeks: { start: Date; sum: bigint }[] }[]>;
  pending: Part<{ items: Payment[]; more: boolean }>;
  /** Admins only (messages and webhooks are theirs, SPEC §2): null for a manager. */
  failedMessages: Part<FailedMessage[]> | null;
  webhooks: Part<{ disabled: Webhook[]; failed: { webhook: Webhook; delivery: Delivery }[] }> | null;
  recent: Part<RecentEvent[]>;
}

export const startOfDay = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
/** Weeks start on Monday (ISO 8601), in UTC like every time the console shows. */
export const startOfWeek = (d: Date): Date => {
  const day = startOfDay(d);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
};

export async function part<T>(load: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (error) {
    // Only the API's refusals are a section's own trouble; anything else (the session ended) is the page's.
    if (!(error instanceof Refused)) throw error;
    return { ok: false, message: isProblem(error.problem) ? error.problem.detail : null };
  }
}

class Refused extends Error {
  readonly problem: unknown;
  constructor(status: number, problem: unknown) {
    super(`the API answered ${status}`);
    this.problem = problem;
  }
}

/** The answer's data, or the API's refusal thrown, so that `part` can show its message. */
function must<D>(r: { data?: D; error?: unknown; response: Response }): D {
  if (!r.response.ok || r.data === undefined) throw new Refused(r.response.status, r.error);
  return r.data;
}

async function upcomingEvents(api: StyleFlowClient, me: Me, now: Date) {
  const list = must(
    await api.GET('/events', {
      params: { query: { from: now.toISOString(), status: 'scheduled', limit: EVENTS_SHOWN } }
    })
  );
  const firstDay = startOfDay(new Date(now.getTime() - (REGISTRATION_DAYS - 1) * DAY_MS));
  const counts = new Array<number>(REGISTRATION_DAYS).fill(0);
  const visible = (e: EventItem) => me.role === 'admin' || e.organizer_id === me.id;
  const upcoming = await Promise.all(
    list.data.map(async (event): Promise<UpcomingEvent> => {
      if (!visible(event)) return { event, waitlisted: null };
      let waitlisted = 0;
      // One pass over the event's registrations, page by page, keeping only counts.
      const all = apiPages(async (cursor) =>
        must(
          await api.GET('/events/{id}/registrations', {
            params: { path: { id: event.id }, query: { limit: 200, ...(cursor ? { cursor } : {}) } }
          })
        )
      );
      for await (const r of all) {
        if (r.status === 'waitlisted') waitlisted++;
        const day = Math.floor((startOfDay(new Date(r.created_at)).getTime() - firstDay.getTime()) / DAY_MS);
        if (day >= 0 && day < REGISTRATION_DAYS) counts[day]!++;
      }
      return { event, waitlisted };
    })
  );
  const anyVisible = upcoming.some((u) => u.waitlisted !== null);
  const perDay = anyVisible
    ? counts.map((count, i) => ({ day: new Date(firstDay.getTime() + i * DAY_MS), count }))
    : null;
  return { upcoming, perDay };
}

/**
 * From the ledger (one row per movement of money, SPEC §3.6): what was kept, per currency and per week, summed by
 * the payment service in one call rather than every row of the weeks read here page by page.
 */
async function revenue(api: StyleFlowClient, now: Date) {
  const firstWeek = new Date(startOfWeek(now).getTime() - (REVENUE_WEEKS - 1) * 7 * DAY_MS);
  const end = new Date(firstWeek.getTime() + REVENUE_WEEKS * 7 * DAY_MS);
  const summary = must(
    await api.GET('/transactions/summary', {
      params: { query: { from: firstWeek.toISOString(), to: end.toISOString(), interval: 'week' } }
    })
  );
  return [...summary.data]
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map(({ currency, periods }) => {
      // Placed by their start, so the chart has its REVENUE_WEEKS weeks whatever the answer lists.
      const sums = new Array<bigint>(REVENUE_WEEKS).fill(0n);
      for (const p of periods) {
        const week = Math.round((Date.parse(p.start) - firstWeek.getTime()) / (7 * DAY_MS));
        if (week >= 0 && week < REVENUE_WEEKS) sums[week]! += toMilli(p.amount);
      }
      return {
        currency,
        total: sums.reduce((a, b) => a + b, 0n),
        weeks: sums.map((sum, i) => ({ start: new Date(firstWeek.getTime() + i * 7 * DAY_MS), sum }))
      };
    });
}

/** Pending cash, transfer and invoice payments, oldest first: the ones waiting for staff to mark them paid. */
async function pendingPayments(api: StyleFlowClient) {
  const page = must(await api.GET('/payments', { params: { query: { status: 'pending', limit: 200 } } }));
  const manual = page.data.filter(waitsForStaff);
  return { items: manual.slice(0, 10), more: manual.length > 10 || page.next_cursor !== null };
}

async function webhookFailures(api: StyleFlowClient) {
  const hooks = must(await api.GET('/webhooks', { params: { query: { limit: 50 } } })).data;
  const failed = await Promise.all(
    hooks.slice(0, 20).map(async (webhook) => {
      const deliveries = must(
        await api.GET('/webhooks/{id}/deliveries', { params: { path: { id: webhook.id }, query: { limit: 20 } } })
      );
      return deliveries.data.filter((d) => d.status === 'failed').map((delivery) => ({ webhook, delivery }));
    })
  );
  return { disabled: hooks.filter((h) => !h.enabled), failed: failed.flat().slice(0, 10) };
}

/** The gateway's live view of the event stream, the last minute of it. */
export async function recentEvents(api: StyleFlowClient, now: Date): Promise<RecentEvent[]> {
  const r = await api.GET('/gateway/events', { params: { query: { limit: 200 } } });
  const body = must(r as { data?: unknown; error?: unknown; response: Response }) as { data: RecentEvent[] };
  const since = now.getTime() - 60_000;
  return body.data.filter((e) => Date.parse(e.time) >= since);
}

export async function loadDashboard(api: StyleFlowClient, me: Me): Promise<Dashboard> {
  const now = new Date();
  const admin = me.role === 'admin';
  const [events, money, pending, failedMessages, webhooks, recent] = await Promise.all([
    part(() => upcomingEvents(api, me, now)),
    part(() => revenue(api, now)),
    part(() => pendingPayments(api)),
    admin
      ? part(
          async () =>
            must(await api.GET('/notifications/messages', { params: { query: { status: 'failed', limit: 10 } } })).data
        )
      : null,
    admin ? part(() => webhookFailures(api)) : null,
    part(() => recentEvents(api, now))
  ]);
  return { now, events, revenue: money, pending, failedMessages, webhooks, recent };
}
