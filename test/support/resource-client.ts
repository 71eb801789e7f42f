// What tests of the resource service ask it and tell it: the typed client's normal flows over a stack, a stand-in for
// the event service (GET /events/{id}) whose events the test controls, and a recorder of what the service announces.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { allPages, ok, type Json, type JsonBody } from '@style-flow/client';
import type { CloudEvent, EventCancelled, EventCreated, EventData, EventUpdated } from '@style-flow/contracts';
import type { Role } from '@style-flow/platform';
import { apiAs, queryOf, rawAs, replyOf, signedCaller, type Caller, type Refusal } from './accounts.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { publishFact, type Reply, type Stack } from './stack.ts';

export const hour = 3_600_000;
export const day = 24 * hour;
/** An instant `ms` from the start of a day far enough ahead that every window of a test is in the future. */
export const at = (ms: number, base = Date.UTC(2040, 0, 1)) => new Date(base + ms).toISOString();

export type EventFacts = EventData<typeof EventCreated>;

export type Allocation = Json<'/resources/{id}/allocate', 'post'>;
export type Conflict = { id: number; kind: string; event_id: number | null; quantity: number };

/** What a refused allocation or block adds to its problem: the free quantity at the peak and what holds it. */
export type AllocationRefusal = { free_quantity?: number; peak?: number; conflicts?: Conflict[] };

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
  const api = (who: Caller) => apiAs(get(), 'resource', who);
  const window = (
    resourceId: number,
    body: Partial<JsonBody<'/resources/{id}/blocks', 'post'>> & Partial<JsonBody<'/resources/{id}/allocate', 'post'>>
  ) => ({ params: { path: { id: resourceId } }, body: body as never });
  return {
    send: rawAs(get, 'resource'),
    caller: (role?: Role) => signedCaller(get(), role),
    async createResource(staff: Caller, body: Partial<JsonBody<'/resources', 'post'>> = {}): Promise<number> {
      const res = await replyOf(
        api(staff).POST('/resources', { body: { name: 'Hall', type_id: 1, quantity: 1, ...body } })
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    },
    allocate(
      staff: Caller,
      resourceId: number,
      body: Partial<JsonBody<'/resources/{id}/allocate', 'post'>>
    ): Promise<Reply<Allocation & Refusal & AllocationRefusal>> {
      return replyOf(api(staff).POST('/resources/{id}/allocate', window(resourceId, body)));
    },
    block(
      staff: Caller,
      resourceId: number,
      body: Partial<JsonBody<'/resources/{id}/blocks', 'post'>>
    ): Promise<Reply<Allocation & Refusal & AllocationRefusal>> {
      return replyOf(api(staff).POST('/resources/{id}/blocks', window(resourceId, body)));
    },
    /** Every allocation and block the filter (a query as a URL writes it) matches, page by page. */
    allocations(staff: Caller, query = '') {
      return allPages((cursor) =>
        api(staff).GET('/allocations', {
          params: { query: { ...queryOf(query), limit: 200, ...(cursor ? { cursor } : {}) } }
        })
      );
    },
    async availability(staff: Caller, resourceId: number, from: string, to: string) {
      const answer = await ok(
        api(staff).GET('/resources/{id}/availability', { params: { path: { id: resourceId }, query: { from, to } } })
      );
      return answer.intervals;
    },
    /** Publishes a fact of the event service on `event-events`, as it would. */
    async publishEvent(
      definition: typeof EventCreated | typeof EventUpdated | typeof EventCancelled,
      event: EventFacts
    ): Promise<void> {
      await publishFact(get(), definition, 'event', event.id, event);
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
