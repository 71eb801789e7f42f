import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { signAccessToken, type Role } from '@style-flow/platform';
import type { Stack } from './stack.ts';

export interface TestAccount {
  id: number;
  username: string;
  email: string;
  password: string;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

export async function registerAccount(stack: Stack, extra: Record<string, unknown> = {}): Promise<TestAccount> {
  const tag = randomBytes(4).toString('hex');
  const account = { username: `u_${tag}`, email: `u_${tag}@example.com`, password: `pw-${tag}-long-enough` };
  const res = await stack.request<{ id: number }>('POST', 'auth', '/auth/register', { body: { ...account, ...extra } });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...account, id: res.body.id };
}

export async function login(stack: Stack, account: Pick<TestAccount, 'email' | 'password'>): Promise<Tokens> {
  const res = await stack.request<Tokens>('POST', 'auth', '/auth/login', {
    body: { email: account.email, password: account.password }
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
}

export interface Caller {
  id: number;
  token: string;
}

/** A caller with a token the stack's services accept, for a user id of its own, without an account in auth. */
export async function signedCaller(stack: Pick<Stack, 'config'>, role: Role = 'user'): Promise<Caller> {
  const id = randomInt(1_000, 2_000_000_000);
  return {
    id,
    token: await signAccessToken(stack.config.jwt.secret, { userId: id, role, sessionId: randomUUID() }, 600)
  };
}
