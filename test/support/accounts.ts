// Who calls in the tests, and how: accounts registered in auth and logged in, callers with a token the services
// accept without an account, and the typed client (@style-flow/client) of a stack's service for any of them.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  createStyleFlowClient,
  type ApiResult,
  type DataOf,
  type Problem,
  type StyleFlowClient,
  type TokenPair
} from '@style-flow/client';
import { signAccessToken, type Role } from '@style-flow/platform';
import type { Reply, Stack, Target } from './stack.ts';

export interface TestAccount {
  id: number;
  username: string;
  email: string;
  password: string;
}

export type Tokens = TokenPair;

export interface Caller {
  id: number;
  token: string;
}

/** The typed client of one of a stack's services (the gateway too), for a caller's token or for no one. */
export function apiAs(stack: Pick<Stack, 'url'>, service: Target, who?: { token: string } | null): StyleFlowClient {
  return createStyleFlowClient({ baseUrl: stack.url(service), tokens: who ? { access_token: who.token } : null });
}

/**
 * What tests read of a problem beside the data's fields (whose own `status` or `type` a problem's would clash with),
 * with the fields a refusal adds of its own (`reason`, `conflicts`, …).
 */
export interface Refusal {
  code?: string;
  detail?: string;
  errors?: Problem['errors'];
  [extra: string]: unknown;
}

/**
 * A call's answer as the tests assert on it: the status and headers, and as the body the data, or else the problem
 * (typed as both: a test reads the one its asserted status says it has).
 */
export async function replyOf<R extends ApiResult<unknown, unknown>>(
  call: Promise<R>
): Promise<Reply<DataOf<R> & Refusal>> {
  const { data, error, response } = await call;
  return { status: response.status, headers: response.headers, body: (data ?? error ?? null) as never };
}

/**
 * Raw requests to one of a stack's services as a caller, for what the typed client is not for: exact statuses of bad
 * input, paths and queries as a URL writes them, headers.
 */
export function rawAs(get: () => Stack, service: Target) {
  return <T = Record<string, unknown>>(
    method: string,
    path: string,
    who: { token: string } | null,
    body?: unknown,
    headers: Record<string, string> = {}
  ): Promise<Reply<T>> =>
    get().request<T>(method, service, path, { ...(who ? { token: who.token } : {}), body, headers });
}

/** A query as written in a URL (`limit=200&q=x`), for the calls that tests also send bad queries through. */
export const queryOf = (query: string): Record<string, string> => Object.fromEntries(new URLSearchParams(query));

export async function registerAccount(stack: Stack, extra: Record<string, unknown> = {}): Promise<TestAccount> {
  const tag = randomBytes(4).toString('hex');
  const account = { username: `u_${tag}`, email: `u_${tag}@example.com`, password: `pw-${tag}-long-enough` };
  const res = await replyOf(apiAs(stack, 'auth').POST('/auth/register', { body: { ...account, ...extra } }));
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...account, id: res.body.id };
}

export async function login(stack: Stack, account: Pick<TestAccount, 'email' | 'password'>): Promise<Tokens> {
  return apiAs(stack, 'auth').login(account.email, account.password);
}

/** A service's /metrics text, read as staff (SPEC §3.7); it is no operation of the API, so no client's. */
export async function metricsText(stack: Stack, service: Target): Promise<string> {
  const staff = await signedCaller(stack, 'admin');
  const res = await fetch(`${stack.url(service)}/metrics`, { headers: { authorization: `Bearer ${staff.token}` } });
  if (res.status !== 200) throw new Error(`/metrics of ${service} answered ${res.status}`);
  return res.text();
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}

export function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
}

/** A caller with a token the stack's services accept, for a user id of its own, without an account in auth. */
export async function signedCaller(stack: Pick<Stack, 'config'>, role: Role = 'user'): Promise<Caller> {
  const id = randomInt(1_000, 2_000_000_000);
  return {
    id,
    token: await signAccessToken(stack.config.jwt.secret, { userId: id, role, sessionId: randomUUID() }, 600)
  };
}
