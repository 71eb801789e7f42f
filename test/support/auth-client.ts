// What tests ask the auth service beyond register and login (those are in accounts.ts): accounts an admin
// creates, the caller's own account, and the user service's admin actions that change a role or a status.
import { randomBytes } from 'node:crypto';
import { eventually } from '@style-flow/platform/testing';
import { apiAs, login, registerAccount, replyOf, type TestAccount } from './accounts.ts';
import type { Stack } from './stack.ts';

export interface SignedIn extends TestAccount {
  token: string;
}

/** An account with a fresh access token. */
export async function signedIn(stack: Stack, extra: Record<string, unknown> = {}): Promise<SignedIn> {
  const account = await registerAccount(stack, extra);
  return { ...account, token: (await login(stack, account)).access_token };
}

/** `POST /auth/accounts` as the given caller (admins only), with a username and email of its own. */
export function createAccountAs(stack: Stack, token: string, role?: 'user' | 'manager' | 'admin') {
  const tag = randomBytes(4).toString('hex');
  const body = { username: `c_${tag}`, email: `c_${tag}@example.com`, ...(role ? { role } : {}) };
  return replyOf(apiAs(stack, 'auth', { token }).POST('/auth/accounts', { body }));
}

export const me = (stack: Stack, token: string) => replyOf(apiAs(stack, 'auth', { token }).GET('/auth/me'));

/**
 * An admin's change to a user through the user service (`PUT /users/{id}`, or `DELETE` to deactivate),
 * retried while the profile is still on its way from auth.user.registered (404); the final answer.
 */
export async function changeUserAs(
  stack: Stack,
  token: string,
  id: number,
  change: { role?: 'user' | 'manager' | 'admin'; status?: 'active' | 'deactivated' } | 'deactivate'
) {
  const api = apiAs(stack, 'user', { token });
  const path = { id };
  const send = () =>
    change === 'deactivate'
      ? replyOf(api.DELETE('/users/{id}', { params: { path } }))
      : replyOf(api.PUT('/users/{id}', { params: { path }, body: change }));
  return eventually(
    async () => {
      const res = await send();
      return res.status === 404 ? null : res;
    },
    30_000,
    `the user service to know user ${id}`
  );
}
