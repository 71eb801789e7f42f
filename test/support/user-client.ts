// What tests of the user service ask it and tell it: accounts made through auth and logged in, once their
// profile has arrived here; the user endpoints; commands on the seed's topics; what it announced on user-events.
import assert from 'node:assert/strict';
import { Topics, type EventData, type EventDefinition, type Role } from '@style-flow/contracts';
import { createEnvelope, type IncomingMessage } from '@style-flow/platform';
import { eventually, uniqueName } from '@style-flow/platform/testing';
import { claimsOf, login, registerAccount, type TestAccount } from './accounts.ts';
import type { Reply, Stack } from './stack.ts';

/** An account of auth with an access token of its own. */
export interface Member extends TestAccount {
  token: string;
}

export interface UserBody {
  id: number;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  phone: string | null;
  role: Role;
  status: 'active' | 'deactivated';
  settings: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface PageBody<T> {
  data: T[];
  next_cursor: string | null;
}

/** A user-events message as its JSON envelope. */
export interface UserEvent {
  type: string;
  data: { id: number; role: Role; status: string; first_name: string | null; previous_role?: Role };
}

/** What a stack's user service (with auth beside it) is asked and told, for the user service's suites. */
export function userServiceClient(get: () => Stack) {
  const stack = () => get();
  const announced: IncomingMessage[] = [];
  const client = {
    /** Logs the account in: a fresh token carrying the role auth holds now. */
    async as(account: TestAccount): Promise<Member> {
      return { ...account, token: (await login(stack(), account)).access_token };
    },
    /** A new account registered in auth and logged in, once the user service has its profile (seen by `reader`). */
    async member(reader: { token: string } | 'self', extra: Record<string, unknown> = {}): Promise<Member> {
      const member = await client.as(await registerAccount(stack(), extra));
      await client.profileExists(member.id, reader === 'self' ? member.token : reader.token);
      return member;
    },
    async profileExists(id: number, token: string): Promise<void> {
      await eventually(async () => (await client.get(token, id)).status === 200, 30_000, `profile ${id}`);
    },
    get: (token: string | undefined, id: number | string) =>
      stack().request<UserBody>('GET', 'user', `/users/${id}`, { ...(token ? { token } : {}) }),
    list: (token: string, query = '') =>
      stack().request<PageBody<UserBody>>('GET', 'user', `/users${query ? `?${query}` : ''}`, { token }),
    create: (token: string, body: unknown) => stack().request<UserBody>('POST', 'user', '/users', { token, body }),
    update: (token: string, id: number, body: unknown) =>
      stack().request<UserBody>('PUT', 'user', `/users/${id}`, { token, body }),
    deactivate: (token: string, id: number) => stack().request('DELETE', 'user', `/users/${id}`, { token }),
    integrations: (token: string, id: number, query = '') =>
      stack().request<PageBody<{ id: number; provider: string }>>(
        'GET',
        'user',
        `/users/${id}/integrations${query ? `?${query}` : ''}`,
        { token }
      ),
    link: (token: string, id: number, body: unknown) =>
      stack().request('POST', 'user', `/users/${id}/integrations`, { token, body }),
    unlink: (token: string, id: number, integrationId: number | string) =>
      stack().request('DELETE', 'user', `/users/${id}/integrations/${integrationId}`, { token }),
    activity: (token: string, id: number, query = '') =>
      stack().request<PageBody<{ type: string }>>('GET', 'user', `/users/${id}/activity${query ? `?${query}` : ''}`, {
        token
      }),
    /** Every item of a list, page by page, following next_cursor. */
    async allPages<T>(token: string, path: string): Promise<T[]> {
      const items: T[] = [];
      let cursor: string | null = null;
      do {
        const sep = path.includes('?') ? '&' : '?';
        const page: Reply<PageBody<T>> = await stack().request(
          'GET',
          'user',
          `${path}${cursor ? `${sep}cursor=${cursor}` : ''}`,
          {
            token
          }
        );
        assert.equal(page.status, 200, JSON.stringify(page.body));
        items.push(...page.body.data);
        cursor = page.body.next_cursor;
      } while (cursor);
      return items;
    },
    /** The admin gives the account a role; resolves once a new login's token carries it. */
    async promote(admin: Member, account: TestAccount, role: Role): Promise<Member> {
      const res = await client.update(admin.token, account.id, { role });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      await eventually(
        async () => claimsOf((await login(stack(), account)).access_token).role === role,
        30_000,
        `the ${role} role in new tokens`
      );
      return client.as(account);
    },
    /** Publishes a command as an outside system would, on its seed topic, keyed by the user; `times` redelivers it. */
    async command<D extends EventDefinition>(
      definition: D,
      userId: number,
      data: EventData<D>,
      times = 1
    ): Promise<void> {
      const envelope = createEnvelope('directory', definition.type, userId, data);
      for (let i = 0; i < times; i++) {
        await stack().transport.publish([
          { topic: definition.topic, key: String(userId), value: JSON.stringify(envelope), headers: {} }
        ]);
      }
    },
    /** Starts collecting what the service announces on user-events (call once, before the suite acts). */
    async watchUserEvents(): Promise<void> {
      await stack().transport.subscribe({
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
