// What tests of the event service ask it and tell it: a small client over a stack, and payments shaped
// as the payment service publishes them (their payloads are defined in contracts).
import assert from 'node:assert/strict';
import { createPublicKey, randomInt, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { UserCreated, type PaymentCompleted, type EventData, type EventDefinition } from '@style-flow/contracts';
import type { Role } from '@style-flow/platform';
import { signedCaller, type Caller } from './accounts.ts';
import { publishFact, type Reply, type Stack } from './stack.ts';

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
    /**
     * Tells the event service a user's names, as the user service announces a new user on user-events (as a plain
     * user: every service takes that for the caller's current role).
     */
    async knowUser(user: Caller, names: { first_name: string | null; last_name: string | null; username?: string }) {
      await publishFact(stack(), UserCreated, 'user', user.id, {
        id: user.id,
        username: names.username ?? `user${user.id}`,
        email: `user${user.id}@example.com`,
        first_name: names.first_name,
        last_name: names.last_name,
        role: 'user',
        status: 'active'
      });
    },
    /** A ticket as the caller asks for it: JSON, or with `accept` a PDF or an .ics (the raw answer, to read as it is). */
    async ticket(who: Caller, eventId: number, registrationId: number, accept?: string): Promise<Response> {
      return fetch(`${stack().url('event')}/events/${eventId}/registrations/${registrationId}/ticket`, {
        headers: { authorization: `Bearer ${who.token}`, ...(accept ? { accept } : {}) }
      });
    },
    /** The JSON ticket of a registration its caller may see. */
    async ticketJson(who: Caller, eventId: number, registrationId: number): Promise<Ticket> {
      const res = await stack().request<Ticket>(
        'GET',
        'event',
        `/events/${eventId}/registrations/${registrationId}/ticket`,
        { token: who.token }
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    },
    /** A scan at the door: a fresh nonce unless the body names one. */
    async checkIn(who: Caller, eventId: number, body: Record<string, unknown>): Promise<Reply> {
      return stack().request('POST', 'event', `/events/${eventId}/check-ins`, {
        token: who.token,
        body: { nonce: randomUUID(), ...body }
      });
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

export interface Ticket {
  event_id: number;
  registration_id: number;
  user_id: number;
  attendee_name: string;
  ticket_version: number;
  code: string;
  event: { title: string; start_date: string; end_date: string; location: string | null };
}

// A ticket code as a scanner reads it, written here from the format GET /events/{id}/ticket-key describes (not from
// the service's code): base32hex of an 11-byte payload (0x01, event id, registration id, ticket version) and its
// Ed25519 signature.
const CODE_BYTES = 75;

export interface TicketClaims {
  eventId: number;
  registrationId: number;
  version: number;
}

export function decodeTicketCode(code: string): { payload: Buffer; signature: Buffer; claims: TicketClaims } {
  assert.match(code, /^[0-9A-V]{120}$/, 'a code is 120 characters of base32hex');
  let n = 0n;
  for (const c of code) n = n * 32n + BigInt(parseInt(c, 32));
  const bytes = Buffer.from(n.toString(16).padStart(CODE_BYTES * 2, '0'), 'hex');
  const payload = bytes.subarray(0, 11);
  assert.equal(payload[0], 1, 'format 1');
  return {
    payload,
    signature: bytes.subarray(11),
    claims: {
      eventId: payload.readUInt32BE(1),
      registrationId: payload.readUInt32BE(5),
      version: payload.readUInt16BE(9)
    }
  };
}

/** Whether the public key published at GET /events/{id}/ticket-key (its JWK) signed the code, checked as a scanner would. */
export function verifyTicketCode(code: string, jwk: { kty: string; crv: string; x: string }): boolean {
  const { payload, signature } = decodeTicketCode(code);
  return verify(null, payload, createPublicKey({ key: jwk, format: 'jwk' }), signature);
}

/** A code signed with `key`: the service's own (read from its database) or another (a forgery). */
export function signTicketCode(key: KeyObject, claims: TicketClaims): string {
  const payload = Buffer.alloc(11);
  payload.writeUInt8(1, 0);
  payload.writeUInt32BE(claims.eventId, 1);
  payload.writeUInt32BE(claims.registrationId, 5);
  payload.writeUInt16BE(claims.version, 9);
  const bytes = Buffer.concat([payload, sign(null, payload, key)]);
  return BigInt(`0x${bytes.toString('hex')}`)
    .toString(32)
    .toUpperCase()
    .padStart(120, '0');
}
