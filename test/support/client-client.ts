// What tests of the client service ask it and tell it: a small client over a stack, and the events of other
// services shaped as they publish them (their payloads are defined in contracts).
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
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
import { signedCaller, type Caller } from './accounts.ts';
import { publishFact, type Reply, type Stack } from './stack.ts';

export interface Client {
  id: number;
  name: string;
  type: string;
  status: string;
  email: string | null;
  website: string | null;
  industry: string | null;
  merged_into: number | null;
  totals?: Array<{ currency: string; paid: string; refunded: string }>;
  primary_contact?: Contact | null;
}

export interface Contact {
  id: number;
  client_id: number;
  name: string;
  email: string | null;
  is_primary: boolean;
}

export interface Activity {
  id: number;
  client_id: number;
  type: string;
  source: 'manual' | 'system';
  description: string;
  occurred_at: string;
  contact_id: number | null;
  payment_id: number | null;
  event_id: number | null;
  amount: string | null;
  currency: string | null;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** A name no other test of the run uses, so the duplicate guard never trips over another test's client. */
export const uniqueName = (prefix = 'Client') => `${prefix} ${randomBytes(5).toString('hex')}`;

let nextId = randomInt(1, 1_000_000_000);

/** What a stack's client service is asked and told, for the client service's suites. */
export function clientServiceClient(get: () => Stack) {
  const stack = () => get();
  const call = <T = Record<string, unknown>>(
    method: string,
    path: string,
    who: Caller,
    body?: unknown
  ): Promise<Reply<T>> => stack().request<T>(method, 'client', path, { token: who.token, body });
  return {
    call,
    caller: (role?: Role) => signedCaller(stack(), role),
    async create(who: Caller, body: Record<string, unknown> = {}, query = ''): Promise<Client> {
      const res = await call<Client>('POST', `/clients${query}`, who, {
        name: uniqueName(),
        type: 'organization',
        ...body
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async client(who: Caller, id: number): Promise<Client> {
      const res = await call<Client>('GET', `/clients/${id}`, who);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    },
    async addContact(who: Caller, clientId: number, body: Record<string, unknown> = {}): Promise<Contact> {
      const res = await call<Contact>('POST', `/clients/${clientId}/contacts`, who, {
        name: uniqueName('Contact'),
        ...body
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return res.body;
    },
    async contacts(who: Caller, clientId: number): Promise<Contact[]> {
      const res = await call<Page<Contact>>('GET', `/clients/${clientId}/contacts?limit=200`, who);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data;
    },
    async timeline(who: Caller, clientId: number, query = ''): Promise<Activity[]> {
      const res = await call<Page<Activity>>('GET', `/clients/${clientId}/activity?limit=200${query}`, who);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.data;
    },
    /**
     * Publishes an event as its producing service would: a CloudEvents envelope keyed by its subject, `times` times
     * with the same id (a redelivery). Returns the event id.
     */
    async publish<D extends EventDefinition>(
      definition: D,
      source: string,
      subject: number,
      data: EventData<D>,
      times = 1
    ): Promise<string> {
      return publishFact(stack(), definition, source, subject, data, times);
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
