// What tests of the event service ask it and tell it: a small client over a stack, and payments shaped
// as the payment service publishes them (their payloads are defined in contracts).
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { PaymentCompleted, EventData, EventDefinition } from '@style-flow/contracts';
import type { Role } from '@style-flow/platform';
import { signedCaller, type Caller } from './accounts.ts';
import { publishFact, type Stack } from './stack.ts';

export interface Registration {
  id: number;
  user_id: number;
  status: string;
  payment_id: number | null;
  cancel_reason: string | null;
  hold_expires_at: string | null;
}

export const day = 86_400_000;
export const future = (ms: number) => new Date(Date.now() + ms).toISOString();
let nextPaymentId = randomInt(1, 1_000_000_000);

/** What a stack's event service is asked and told, for the event service's suites. */
export function eventServiceClient(get: () => Stack) {
  const stack = () => get();
  const caller = (role?: Role) => signedCaller(stack(), role);
  return {
    caller,
    async createEvent(organizer: Caller, body: Record<string, unknown> = {}): Promise<number> {
      const res = await stack().request<{ id: number }>('POST', 'event', '/events', {
        token: organizer.token,
        body: {
          title: 'Paid workshop',
          start_date: future(10 * day),
          end_date: future(11 * day),
          capacity: 1,
          category_id: 4,
          price: '49.90',
          currency: 'EUR',
          ...body
        }
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    },
    async register(who: Caller, eventId: number): Promise<Registration> {
      const res = await stack().request<Registration>('POST', 'event', `/events/${eventId}/register`, {
        token: who.token
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async registrations(organizer: Caller, eventId: number): Promise<Registration[]> {
      const res = await stack().request<{ data: Registration[] }>(
        'GET',
        'event',
        `/events/${eventId}/registrations?limit=100`,
        { token: organizer.token }
      );
      assert.equal(res.status, 200);
      return res.body.data;
    },
    async registration(organizer: Caller, eventId: number, id: number): Promise<Registration> {
      return (await this.registrations(organizer, eventId)).find((r) => r.id === id)!;
    },
    /** A priced event of one seat: the first caller holds it waiting for payment, the second waits behind. */
    async heldSeatAndWaitlist(organizer: Caller) {
      const eventId = await this.createEvent(organizer);
      const [first, second] = [await caller(), await caller()];
      const held = await this.register(first, eventId);
      const waiting = await this.register(second, eventId);
      assert.deepEqual([held.status, waiting.status], ['pending_payment', 'waitlisted']);
      return { eventId, first, second, held, waiting };
    },
    async event(eventId: number) {
      return (
        await stack().request<{
          registered_count: number;
          available_seats: number;
          resources: Array<Record<string, unknown>>;
        }>('GET', 'event', `/events/${eventId}`)
      ).body;
    },
    /** Publishes an event as its producing service would: a CloudEvents envelope keyed by its subject. */
    async publish<D extends EventDefinition>(
      definition: D,
      source: string,
      subject: number,
      data: EventData<D>,
      times = 1
    ): Promise<string> {
      return publishFact(stack(), definition, source, subject, data, times);
    },
    /** How many events of a type the event service has consumed with an outcome (handled, duplicate, …), from its /metrics. */
    async consumed(type: string, outcome: string): Promise<number> {
      // /metrics is for staff (SPEC §3.7).
      const staff = await caller('admin');
      const metrics = await fetch(`${stack().url('event')}/metrics`, {
        headers: { authorization: `Bearer ${staff.token}` }
      });
      assert.equal(metrics.status, 200);
      return consumedIn(await metrics.text(), type, outcome);
    }
  };
}

export function payment(
  userId: number,
  eventId: number | null,
  fields: Partial<EventData<typeof PaymentCompleted>> = {}
): EventData<typeof PaymentCompleted> {
  return {
    id: nextPaymentId++,
    amount: '49.90',
    currency: 'EUR',
    status: 'completed',
    refunded_amount: '0.00',
    user_id: userId,
    event_id: eventId,
    client_id: null,
    payment_method_id: 1,
    description: null,
    ...fields
  };
}

/** How many events of a type a service's /metrics text counts as consumed with an outcome. */
export function consumedIn(metrics: string, type: string, outcome: string): number {
  return metrics
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('events_consumed_total{') &&
        line.includes(`type="${type}"`) &&
        line.includes(`outcome="${outcome}"`)
    )
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}
