// What tests of the event service ask it and tell it: the typed client's normal flows over a stack, and payments
// shaped as the payment service publishes them (their payloads are defined in contracts).
import assert from 'node:assert/strict';
import { createPublicKey, randomInt, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { ok, type Json, type JsonBody } from '@style-flow/client';
import { UserCreated, type PaymentCompleted, type EventData, type EventDefinition } from '@style-flow/contracts';
import type { Role } from '@style-flow/platform';
import { apiAs, metricsText, replyOf, signedCaller, type Caller } from './accounts.ts';
import { publishFact, type Stack } from './stack.ts';

export type Registration = Json<'/events/{id}/register', 'post'>;
export type Ticket = Json<'/events/{id}/registrations/{registration_id}/ticket', 'get'>;

export const day = 86_400_000;
export const future = (ms: number) => new Date(Date.now() + ms).toISOString();
let nextPaymentId = randomInt(1, 1_000_000_000);

/** What a stack's event service is asked and told, for the event service's suites. */
export function eventServiceClient(get: () => Stack) {
  const api = (who?: Caller) => apiAs(get(), 'event', who);
  const caller = (role?: Role) => signedCaller(get(), role);
  const client = {
    caller,
    async createEvent(organizer: Caller, body: Partial<JsonBody<'/events', 'post'>> = {}): Promise<number> {
      const res = await replyOf(
        api(organizer).POST('/events', {
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
        })
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body.id;
    },
    async register(who: Caller, eventId: number): Promise<Registration> {
      const res = await replyOf(
        api(who).POST('/events/{id}/register', { params: { path: { id: eventId } }, body: {} })
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async registrations(organizer: Caller, eventId: number): Promise<Registration[]> {
      const page = await ok(
        api(organizer).GET('/events/{id}/registrations', { params: { path: { id: eventId }, query: { limit: 100 } } })
      );
      return page.data;
    },
    async registration(organizer: Caller, eventId: number, id: number): Promise<Registration> {
      return (await client.registrations(organizer, eventId)).find((r) => r.id === id)!;
    },
    /** A priced event of one seat: the first caller holds it waiting for payment, the second waits behind. */
    async heldSeatAndWaitlist(organizer: Caller) {
      const eventId = await client.createEvent(organizer);
      const [first, second] = [await caller(), await caller()];
      const held = await client.register(first, eventId);
      const waiting = await client.register(second, eventId);
      assert.deepEqual([held.status, waiting.status], ['pending_payment', 'waitlisted']);
      return { eventId, first, second, held, waiting };
    },
    /** The event as anyone reads it (no token). */
    async event(eventId: number) {
      return ok(api().GET('/events/{id}', { params: { path: { id: eventId } } }));
    },
    /** Publishes an event as its producing service would: a CloudEvents envelope keyed by its subject. */
    publish<D extends EventDefinition>(definition: D, source: string, subject: number, data: EventData<D>, times = 1) {
      return publishFact(get(), definition, source, subject, data, times);
    },
    /**
     * Tells the event service a user's names, as the user service announces a new user on user-events (as a plain
     * user: every service takes that for the caller's current role).
     */
    async knowUser(user: Caller, names: { first_name: string | null; last_name: string | null; username?: string }) {
      await publishFact(get(), UserCreated, 'user', user.id, {
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
      const { response } = await api(who).GET('/events/{id}/registrations/{registration_id}/ticket', {
        params: { path: { id: eventId, registration_id: registrationId } },
        ...(accept ? { headers: { accept } } : {}),
        parseAs: 'stream'
      });
      return response;
    },
    /** The JSON ticket of a registration its caller may see. */
    async ticketJson(who: Caller, eventId: number, registrationId: number): Promise<Ticket> {
      return ok(
        api(who).GET('/events/{id}/registrations/{registration_id}/ticket', {
          params: { path: { id: eventId, registration_id: registrationId } }
        })
      );
    },
    /** A scan at the door: a fresh nonce unless the body names one. */
    checkIn(who: Caller, eventId: number, body: Partial<JsonBody<'/events/{id}/check-ins', 'post'>>) {
      return replyOf(
        api(who).POST('/events/{id}/check-ins', {
          params: { path: { id: eventId } },
          body: { code: '', nonce: randomUUID(), ...body }
        })
      );
    },
    /** How many events of a type the event service has consumed with an outcome (handled, duplicate, …), from its /metrics. */
    async consumed(type: string, outcome: string): Promise<number> {
      return consumedIn(await metricsText(get(), 'event'), type, outcome);
    }
  };
  return client;
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
