// What tests of the user service ask it and tell it: accounts made through auth and logged in, once their profile has
// arrived here; the user endpoints through the typed client (loosely typed inputs: the suites send bad ones too);
// commands on the seed's topics; what it announced on user-events.
import assert from 'node:assert/strict';
import { allPages, type Json, type Page } from '@style-flow/client';
import { Topics, type EventData, type EventDefinition, type Role } from '@style-flow/contracts';
import type { IncomingMessage } from '@style-flow/platform';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import { apiAs, claimsOf, login, queryOf, registerAccount, replyOf, type TestAccount } from './accounts.ts';
import { publishFact, type Stack } from './stack.ts';

/** An account of auth with an access token of its own. */
export interface Member extends TestAccount {
  token: string;
}

export type UserBody = Json<'/users/{id}', 'get'>;
export type PageBody<T> = Page<T>;

/** A user-events message as its JSON envelope. */
export interface UserEvent {
  type: string;
  data: { id: number; role: Role; status: string; first_name: string | null; previous_role?: Role };
}

/** What a stack's user service (with auth beside it) is asked and told, for the user service's suites. */
export function userServiceClient(get: () => Stack) {
  const api = (token?: string) => apiAs(get(), 'user', token ? { token } : null);
  // Ids and bodies as the suites give them, bad ones included: the client sends them as they are.
  const path = (id: number | string) => ({ id: id as number });
  const announced: IncomingMessage[] = [];
  const client = {
    /** Logs the account in: a fresh token carrying the role auth holds now. */
    async as(account: TestAccount): Promise<Member> {
      return { ...account, token: (await login(get(), account)).access_token };
    },
    /** A new account registered in auth and logged in, once the user service has its profile (seen by `reader`). */
    async member(reader: { token: string } | 'self', extra: Record<string, unknown> = {}): Promise<Member> {
      const member = await client.as(await registerAccount(get(), extra));
      await client.profileExists(member.id, reader === 'self' ? member.token : reader.token);
      return member;
    },
    async profileExists(id: number, token: string): Promise<void> {
      await eventually(async () => (await client.get(token, id)).status === 200, 30_000, `profile ${id}`);
    },
    get: (token: string | undefined, id: number | string) =>
      replyOf(api(token).GET('/users/{id}', { params: { path: path(id) } })),
    list: (token: string, query = '') => replyOf(api(token).GET('/users', { params: { query: queryOf(query) } })),
    create: (token: string, body: unknown) => replyOf(api(token).POST('/users', { body: body as never })),
    update: (token: string, id: number, body: unknown) =>
      replyOf(api(token).PUT('/users/{id}', { params: { path: path(id) }, body: body as never })),
    deactivate: (token: string, id: number) =>
      replyOf(api(token).DELETE('/users/{id}', { params: { path: path(id) } })),
    integrations: (token: string, id: number, query = '') =>
      replyOf(api(token).GET('/users/{id}/integrations', { params: { path: path(id), query: queryOf(query) } })),
    link: (token: string, id: number, body: unknown) =>
      replyOf(api(token).POST('/users/{id}/integrations', { params: { path: path(id) }, body: body as never })),
    unlink: (token: string, id: number, integrationId: number | string) =>
      replyOf(
        api(token).DELETE('/users/{id}/integrations/{integration_id}', {
          params: { path: { id, integration_id: integrationId as number } }
        })
      ),
    activity: (token: string, id: number, query = '') =>
      replyOf(api(token).GET('/users/{id}/activity', { params: { path: path(id), query: queryOf(query) } })),
    /** Every item of a list, page by page, following next_cursor (a path with its query, as a URL has it). */
    allPages<T>(token: string, pathAndQuery: string): Promise<T[]> {
      const [route, query = ''] = pathAndQuery.split('?');
      const at = (cursor: string | undefined) => ({ ...queryOf(query), ...(cursor ? { cursor } : {}) });
      const [, id, items] = /^\/users\/(\d+)\/(integrations|activity)$/.exec(route!) ?? [];
      if (!id) return allPages((cursor) => api(token).GET('/users', { params: { query: at(cursor) } })) as Promise<T[]>;
      const path = { id: Number(id) };
      const pages =
        items === 'activity'
          ? allPages((cursor) => api(token).GET('/users/{id}/activity', { params: { path, query: at(cursor) } }))
          : allPages((cursor) => api(token).GET('/users/{id}/integrations', { params: { path, query: at(cursor) } }));
      return pages as Promise<T[]>;
    },
    /** The admin gives the account a role; resolves once a new login's token carries it. */
    async promote(admin: Member, account: TestAccount, role: Role): Promise<Member> {
      const res = await client.update(admin.token, account.id, { role });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await eventually(
        async () => claimsOf((await login(get(), account)).access_token).role === role,
        30_000,
        `the ${role} role in new tokens`
      );
      return client.as(account);
    },
    /** Publishes a command as an outside system would, on its seed topic, keyed by the user; `times` redelivers it. */
    async command<D extends EventDefinition>(definition: D, userId: number, data: EventData<D>, times = 1) {
      await publishFact(get(), definition, 'directory', userId, data, times);
    },
    /** Starts collecting what the service announces on user-events (call once, before the suite acts). */
    async watchUserEvents(): Promise<void> {
      await get().transport.subscribe({
        group: uniqueName('observer'),
        topics: [Topics.userEvents],
        handle: async (message) => void announced.push(message)
      });
    },
    /** The user-events of a type about a user, seen so far. */
    eventsOf(type: string, id: number): UserEvent[] {
      return announced.map((m) => JSON.parse(m.value) as UserEvent).filter((e) => e.type === type && e.data.id === id);
    }
  };
  return client;
}
