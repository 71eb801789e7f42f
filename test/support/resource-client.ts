// What tests of the resource service ask it and tell it: a small client over a stack, a stand-in for the event
// service (GET /events/{id}) whose events the test controls, and a recorder of what the service announces.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { CloudEvent, EventCancelled, EventCreated, EventData, EventUpdated } from '@style-flow/contracts';
import { createEnvelope, type Role } from '@style-flow/platform';
import { signedCaller, type Caller } from './accounts.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import type { Reply, Stack } from './stack.ts';

export const hour = 3_600_000;
export const day = 24 * hour;
/** An instant `ms` from the start of a day far enough ahead that every window of a test is in the future. */
export const at = (ms: number, base = Date.UTC(2040, 0, 1)) => new Date(base + ms).toISOString();

export type EventFacts = EventData<typeof EventCreated>;

export type Allocation = {
  id: number;
  kind: 'allocation' | 'block';
  resource_id: number;
  resource_name: string;
  event_id: number | null;
  quantity: number;
  start_time: string;
  end_time: string;
  occupied_from: string;
  occupied_to: string;
  reason: string | null;
  status: 'active' | 'conflict' | 'released';
  released_at: string | null;
  released_reason: string | null;
};

export type Conflict = { id: number; kind: string; event_id: number | null; quantity: number };

/** A refusal's body (its HTTP status is the reply's). */
export type Problem = {
  code: string;
  detail: string;
  free_quantity?: number;
  peak?: number;
  conflicts?: Conflict[];
  errors?: Array<{ path: string; message: string }>;
};

let nextEventId = 1;

/** An event as the event service would describe it, running over [start, end). */
export function eventFacts(start: string, end: string, fields: Partial<EventFacts> = {}): EventFacts {
  return {
    id: nextEventId++,
    title: 'Conference',
    start_date: start,
    end_date: end,
    location: null,
    capacity: 100,
    category_id: 1,
    price: null,
    currency: null,
    organizer_id: 1,
    status: 'scheduled',
    ...fields
  };
}

/** A stand-in for the event service: `GET /events/{id}` answers from `events`; while down, with a 500. */
export interface FakeEventService extends FakeUpstream {
  events: Map<number, EventFacts>;
  setDown(down: boolean): void;
}

export async function startFakeEventService(): Promise<FakeEventService> {
  const events = new Map<number, EventFacts>();
  let down = false;
  const fake = await startFakeUpstream('event', (req) => {
    if (down) return { status: 500, body: { status: 500 } };
    const event = events.get(Number(/^\/events\/(\d+)$/.exec(req.url)?.[1]));
    return event ? { body: event } : { status: 404, body: { status: 404, code: 'NOT_FOUND' } };
  });
  return Object.assign(fake, { events, setDown: (value: boolean) => void (down = value) });
}

/** What a stack's resource service is asked and told, for the resource service's suites. */
export function resourceServiceClient(get: () => Stack) {
  const stack = () => get();
  const send = <T = Record<string, unknown>>(method: string, path: string, who: Caller | null, body?: unknown) =>
    stack().request<T>(method, 'resource', path, { ...(who ? { token: who.token } : {}), body });
  return {
    send,
    caller: (role?: Role) => signedCaller(stack(), role),
    async createResource(staff: Caller, body: Record<string, unknown> = {}): Promise<number> {
      const res = await send<{ id: number }>('POST', '/resources', staff, {
        name: 'Hall',
        type_id: 1,
        quantity: 1,
        ...body
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    },
    allocate(staff: Caller, resourceId: number, body: Record<string, unknown>): Promise<Reply<Allocation & Problem>> {
      return send('POST', `/resources/${resourceId}/allocate`, staff, body);
    },
    block(staff: Caller, resourceId: number, body: Record<string, unknown>): Promise<Reply<Allocation & Problem>> {
      return send('POST', `/resources/${resourceId}/blocks`, staff, body);
    },
    async allocations(staff: Caller, query = ''): Promise<Allocation[]> {
      const out: Allocation[] = [];
      let cursor: string | null = null;
      do {
        const page: Reply<{ data: Allocation[]; next_cursor: string | null }> = await send(
          'GET',
          `/allocations?limit=200${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
          staff
        );
        assert.equal(page.status, 200, JSON.stringify(page.body));
        out.push(...page.body.data);
        cursor = page.body.next_cursor;
      } while (cursor);
      return out;
    },
    async availability(staff: Caller, resourceId: number, from: string, to: string) {
      const res = await send<{ intervals: Array<{ start: string; end: string; free_quantity: number }> }>(
        'GET',
        `/resources/${resourceId}/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        staff
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.intervals;
    },
    /** Publishes a fact of the event service on `event-events`, as it would. */
    async publishEvent(
      definition: typeof EventCreated | typeof EventUpdated | typeof EventCancelled,
      event: EventFacts
    ): Promise<void> {
      const envelope = createEnvelope('event', definition.type, event.id, event);
      await stack().transport.publish([
        { topic: definition.topic, key: String(event.id), value: JSON.stringify(envelope), headers: {} }
      ]);
    }
  };
}

/** Every event published on some topics from now on (a consumer group of its own), for asserting on what was announced. */
export async function recordTopics(stack: Stack, topics: readonly string[]) {
  const seen: Array<CloudEvent & { topic: string }> = [];
  await stack.transport.ensureTopics(topics);
  const subscription = await stack.transport.subscribe({
    group: `recorder-${randomUUID()}`,
    topics,
    async handle(message) {
      seen.push({ ...(JSON.parse(message.value) as CloudEvent), topic: message.topic });
    }
  });
  return {
    seen,
    of: (type: string, subject: number | string) =>
      seen.filter((e) => e.type === type && String(e.subject) === String(subject)),
    stop: () => subscription.stop()
  };
}
