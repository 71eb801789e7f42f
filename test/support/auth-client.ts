// What tests ask the auth service beyond register and login (those are in accounts.ts): accounts an admin
// creates, the caller's own account, and the user service's admin actions that change a role or a status.
import { randomBytes } from 'node:crypto';
import { eventually } from '@style-flow/platform/testing';
import { login, registerAccount, type TestAccount } from './accounts.ts';
import type { Reply, Stack } from './stack.ts';

export interface SignedIn extends TestAccount {
  token: string;
}

/** An account with a fresh access token. */
export async function signedIn(stack: Stack, extra: Record<string, unknown> = {}): Promise<SignedIn> {
  const account = await registerAccount(stack, extra);
  return { ...account, token: (await login(stack, account)).access_token };
}

/** `POST /auth/accounts` as the given caller (admins only), with a username and email of its own. */
export function createAccountAs(stack: Stack, token: string, role?: string): Promise<Reply> {
  const tag = randomBytes(4).toString('hex');
  const body = { username: `c_${tag}`, email: `c_${tag}@example.com`, ...(role ? { role } : {}) };
  return stack.request('POST', 'auth', '/auth/accounts', { token, body });
}

export const me = (stack: Stack, token: string): Promise<Reply> => stack.request('GET', 'auth', '/auth/me', { token });

/**
 * An admin's change to a user through the user service (`PUT /users/{id}`, or `DELETE` to deactivate),
 * retried while the profile is still on its way from auth.user.registered (404); the final answer.
 */
export async function changeUserAs(
  stack: Stack,
  token: string,
  id: number,
  change: { role?: string; status?: string } | 'deactivate'
): Promise<Reply> {
  const send = () =>
    change === 'deactivate'
      ? stack.request('DELETE', 'user', `/users/${id}`, { token })
      : stack.request('PUT', 'user', `/users/${id}`, { token, body: change });
  return eventually(
    async () => {
      const res = await send();
      return res.status === 404 ? null : res;
    },
    30_000,
    `the user service to know user ${id}`
  );
}
