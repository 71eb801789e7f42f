// No instant ever holds more than a resource's quantity (SPEC §3.4), under real concurrency: hundreds of
// allocations and blocks with random windows and quantities fired at one resource at once, and a quantity lowered
// while allocations race in. Afterwards every live allocation and block is swept, with the buffers, and the peak
// compared with the quantity — on the embedded backends and on PostgreSQL + Kafka.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../test/support/accounts.ts';
import {
  at,
  day,
  eventFacts,
  hour,
  resourceServiceClient,
  startFakeEventService,
  type FakeEventService
} from '../../../test/support/resource-client.ts';
import { modes, startStack, type Stack } from '../../../test/support/stack.ts';

const SEED = 20_260_311;
const REQUESTS = 320;

/** mulberry32: the same "random" windows on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Holding = { start_time: string; end_time: string; quantity: number; event: boolean };

/** The highest quantity held at once by holdings occupying [start − setup, end + teardown) (blocks: no buffers). */
function peakOf(holdings: readonly Holding[], setupMs: number, teardownMs: number): number {
  const points = holdings.flatMap((h) => {
    const from = Date.parse(h.start_time) - (h.event ? setupMs : 0);
    const to = Date.parse(h.end_time) + (h.event ? teardownMs : 0);
    return [
      { at: from, delta: h.quantity },
      { at: to, delta: -h.quantity }
    ];
  });
  // Ends before starts at the same instant: the intervals are half-open.
  points.sort((x, y) => x.at - y.at || x.delta - y.delta);
  let taken = 0;
  let peak = 0;
  for (const p of points) peak = Math.max(peak, (taken += p.delta));
  return peak;
}

type Refusal = {
  code?: string;
  free_quantity?: number;
  requested_quantity?: number;
  conflicts?: unknown[];
  peak?: number;
};

for (const m of modes) {
  describe(`resource capacity under concurrency, ${m.name}`, { skip: m.skip }, () => {
    let stack: Stack;
    let events: FakeEventService;
    let manager: Caller;
    const client = resourceServiceClient(() => stack);
    const newEvent = (base: number) => {
      const e = eventFacts(at(base), at(base + day));
      events.events.set(e.id, e);
      return e.id;
    };
    /** Every live allocation and block of a resource, as the API lists them. */
    const liveHoldings = async (resource: number): Promise<Holding[]> =>
      (await client.allocations(manager, `resource_id=${resource}`))
        .filter((a) => a.status !== 'released')
        .map((a) => ({ ...a, event: a.kind === 'allocation' }));

    before(async () => {
      events = await startFakeEventService();
      stack = await startStack(m.mode, ['resource'], { EVENT_SERVICE_URLS: events.url });
      manager = await client.caller('manager');
    });
    after(async () => {
      await stack?.stop();
      await events?.kill();
    });

    test(`${REQUESTS} concurrent allocations and blocks at one resource: the peak never exceeds the quantity`, async () => {
      const base = 0;
      const quantity = 5;
      const resource = await client.createResource(manager, { quantity, setup_minutes: 10, teardown_minutes: 5 });
      const eventIds = Array.from({ length: 8 }, () => newEvent(base));
      const next = random(SEED);
      const pick = (n: number) => Math.floor(next() * n);
      const requests = Array.from({ length: REQUESTS }, () => {
        const start = base + pick(40) * 15 * 60_000;
        const body = {
          start_time: at(start),
          end_time: at(start + (1 + pick(16)) * 15 * 60_000),
          // At most 3 of 5: every refusal then has something in its way to name.
          quantity: 1 + pick(3)
        };
        return next() < 0.8
          ? {
              kind: 'allocation',
              send: () => client.allocate(manager, resource, { ...body, event_id: eventIds[pick(8)] })
            }
          : { kind: 'block', send: () => client.block(manager, resource, { ...body, reason: 'maintenance' }) };
      });
      const answers = await Promise.all(requests.map((r) => r.send()));

      const statuses = answers.map((a) => a.status);
      assert.deepEqual(
        [...new Set(statuses)].sort(),
        [201, 409],
        `only 201 and 409, no 5xx: ${[...new Set(statuses)]}`
      );
      for (const [i, a] of answers.entries()) {
        if (a.status !== 409) continue;
        const body = a.body as Refusal;
        assert.equal(body.code, 'ALLOCATION_CONFLICT');
        assert.match(a.headers.get('content-type') ?? '', /application\/problem\+json/);
        assert.ok((body.conflicts ?? []).length > 0, `refusal ${i} names what is in its way`);
        assert.ok(body.free_quantity! < body.requested_quantity!, `refusal ${i}: less free than asked for`);
      }
      const accepted = answers.filter((a) => a.status === 201).length;
      assert.ok(accepted >= 10 && accepted < REQUESTS, `${accepted} accepted`);

      const live = await liveHoldings(resource);
      assert.equal(live.length, accepted, 'every 201 is a live allocation or block, and nothing else is');
      assert.ok(peakOf(live, 10 * 60_000, 5 * 60_000) <= quantity, 'the peak never exceeds the quantity');
      const free = await client.availability(manager, resource, at(base - hour), at(base + 16 * hour));
      assert.ok(free.every((i) => i.free_quantity >= 0));
      assert.ok(
        free.some((i) => i.free_quantity === 0),
        'the resource was filled somewhere'
      );
    });

    test('the quantity lowered while allocations race in: every instant still holds at most the final quantity', async () => {
      const base = 2 * day;
      const resource = await client.createResource(manager, { quantity: 6 });
      const eventId = newEvent(base);
      const next = random(SEED + 1);
      const pick = (n: number) => Math.floor(next() * n);
      const allocations = Array.from({ length: 120 }, () => {
        const start = base + pick(24) * 30 * 60_000;
        return () =>
          client.allocate(manager, resource, {
            event_id: eventId,
            start_time: at(start),
            end_time: at(start + (1 + pick(6)) * 30 * 60_000),
            quantity: 1
          });
      });
      const changes = Array.from({ length: 24 }, () => {
        const quantity = 2 + pick(5);
        return async () => ({
          quantity,
          reply: await client.send<Refusal & { quantity: number }>('PUT', `/resources/${resource}`, manager, {
            quantity
          })
        });
      });
      // Interleaved, all in flight at once.
      const [allocated, changed] = await Promise.all([
        Promise.all(allocations.map((send) => send())),
        Promise.all(changes.map((send) => send()))
      ]);
      assert.ok(
        allocated.every((a) => a.status === 201 || a.status === 409),
        `only 201 and 409: ${[...new Set(allocated.map((a) => a.status))]}`
      );
      for (const { quantity, reply } of changed) {
        assert.ok(reply.status === 200 || reply.status === 409, `PUT quantity ${quantity}: ${reply.status}`);
        if (reply.status === 409) {
          assert.equal(reply.body.code, 'QUANTITY_BELOW_ALLOCATED');
          assert.ok(reply.body.peak! > quantity);
          assert.ok((reply.body.conflicts ?? []).length > 0);
        }
      }
      assert.ok(changed.some((c) => c.reply.status === 200));
      const final = (await client.send<{ quantity: number }>('GET', `/resources/${resource}`, manager)).body.quantity;
      const live = await liveHoldings(resource);
      assert.equal(live.length, allocated.filter((a) => a.status === 201).length);
      assert.ok(peakOf(live, 0, 0) <= final, `peak ${peakOf(live, 0, 0)} within the final quantity ${final}`);
    });
  });
}
