// What tests of the client service ask it and tell it: the typed client's normal flows over a stack, and the events
// of other services shaped as they publish them (their payloads are defined in contracts).
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { ok, type Json, type JsonBody, type Page } from '@style-flow/client';
import {
  Topics,
  type CloudEvent,
  type EventCreated,
  type EventData,
  type EventDefinition,
  type PaymentCompleted
} from '@style-flow/contracts';
import type { Role } from '@style-flow/platform';
import { uniqueName as uniqueGroup } from '@style-flow/platform/testing';
import { apiAs, queryOf, rawAs, replyOf, signedCaller, type Caller } from './accounts.ts';
import { publishFact, type Stack } from './stack.ts';

export type Client = Json<'/clients/{id}', 'get'>;
export type Contact = Json<'/clients/{id}/contacts/{contact_id}', 'get'>;
export type Activity = Json<'/clients/{id}/activity/{activity_id}', 'get'>;
export type { Page };

/** A name no other test of the run uses, so the duplicate guard never trips over another test's client. */
export const uniqueName = (prefix = 'Client') => `${prefix} ${randomBytes(5).toString('hex')}`;

let nextId = randomInt(1, 1_000_000_000);

/** What a stack's client service is asked and told, for the client service's suites. */
export function clientServiceClient(get: () => Stack) {
  const api = (who: Caller) => apiAs(get(), 'client', who);
  return {
    call: rawAs(get, 'client'),
    caller: (role?: Role) => signedCaller(get(), role),
    /** A new client (201), with a name no other test uses unless the body names one; `query` as a URL writes it. */
    async create(
      who: Caller,
      body: Partial<JsonBody<'/clients', 'post'>> = {},
      query = ''
    ): Promise<Json<'/clients', 'post'>> {
      const res = await replyOf(
        api(who).POST('/clients', {
          params: { query: queryOf(query) },
          body: { name: uniqueName(), type: 'organization', ...body }
        })
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    client: (who: Caller, id: number): Promise<Client> =>
      ok(api(who).GET('/clients/{id}', { params: { path: { id } } })),
    async addContact(
      who: Caller,
      clientId: number,
      body: Partial<JsonBody<'/clients/{id}/contacts', 'post'>> = {}
    ): Promise<Contact> {
      return ok(
        api(who).POST('/clients/{id}/contacts', {
          params: { path: { id: clientId } },
          body: { name: uniqueName('Contact'), ...body }
        })
      );
    },
    async contacts(who: Caller, clientId: number): Promise<Contact[]> {
      const page = await ok(
        api(who).GET('/clients/{id}/contacts', { params: { path: { id: clientId }, query: { limit: 200 } } })
      );
      return page.data;
    },
    /** The client's timeline (one page of 200), filtered by a query as a URL writes it. */
    async timeline(who: Caller, clientId: number, query = ''): Promise<Activity[]> {
      const page = await ok(
        api(who).GET('/clients/{id}/activity', {
          params: { path: { id: clientId }, query: { ...queryOf(query), limit: 200 } }
        })
      );
      return page.data;
    },
    /**
     * Publishes an event as its producing service would: a CloudEvents envelope keyed by its subject, `times` times
     * with the same id (a redelivery). Returns the event id.
     */
    publish<D extends EventDefinition>(definition: D, source: string, subject: number, data: EventData<D>, times = 1) {
      return publishFact(get(), definition, source, subject, data, times);
    }
  };
}

/** A payment as the payment service announces it, for a client. */
export function clientPayment(
  clientId: number | null,
  fields: Partial<EventData<typeof PaymentCompleted>> = {}
): EventData<typeof PaymentCompleted> {
  return {
    id: nextId++,
    amount: '5000.00',
    currency: 'RUB',
    status: 'completed',
    refunded_amount: '0.00',
    user_id: 1,
    event_id: null,
    client_id: clientId,
    payment_method_id: 1,
    description: null,
    ...fields
  };
}

/** An event as the event service announces it, run for a client (`client_id`, SPEC §3.3). */
export function clientEvent(
  clientId: number | null,
  fields: Partial<EventData<typeof EventCreated>> = {}
): EventData<typeof EventCreated> {
  const start = Date.now() + 10 * 86_400_000;
  return {
    id: nextId++,
    title: 'Annual partner conference',
    start_date: new Date(start).toISOString(),
    end_date: new Date(start + 86_400_000).toISOString(),
    location: null,
    capacity: 100,
    category_id: 1,
    price: null,
    currency: null,
    organizer_id: 1,
    status: 'scheduled',
    client_id: clientId,
    ...fields
  };
}

export const nextTestId = () => nextId++;

/** Every event the stack's client service announces on `client-events`, as it arrives. */
export async function observeClientEvents(stack: Stack): Promise<CloudEvent[]> {
  const seen: CloudEvent[] = [];
  await stack.transport.ensureTopics([Topics.clientEvents]);
  await stack.transport.subscribe({
    group: uniqueGroup('client-observer'),
    topics: [Topics.clientEvents],
    handle: async (message) => void seen.push(JSON.parse(message.value) as CloudEvent)
  });
  return seen;
}
