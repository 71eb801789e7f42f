import { errorCodes, type ErrorCode, type Role } from '@style-flow/contracts';
import { AppError, type FieldError } from '@style-flow/platform';

export type CreatedAccount = {
  id: number;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: Role;
  status: 'active' | 'deactivated';
};

export type NewAccount = {
  username: string;
  email: string;
  first_name?: string;
  last_name?: string;
  role?: Role;
};

export type CallerHeaders = { authorization: string; requestId: string; traceparent: string };

const byStatus: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED'
};

/** Auth's refusal as this service's own answer: the same status and code, so the admin reads what auth said. */
function refusal(status: number, body: Record<string, unknown>, retryAfter: string | null): AppError {
  const known = typeof body.code === 'string' && body.code in errorCodes ? (body.code as ErrorCode) : undefined;
  const code = known && errorCodes[known].status === status ? known : (byStatus[status] ?? 'BAD_REQUEST');
  const detail = typeof body.detail === 'string' ? body.detail : 'The auth service refused the account.';
  const errors = Array.isArray(body.errors) ? (body.errors as FieldError[]) : undefined;
  return new AppError(code, detail, {
    ...(errors ? { errors } : {}),
    ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {})
  });
}

const unavailable = (cause: unknown) =>
  new AppError('DEPENDENCY_UNAVAILABLE', 'The auth service is unavailable; try again shortly.', { cause });

/** The request never reached the instance (refused, no route, no such host): safe to send to the next one. */
function notSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN';
}

/**
 * Account ids come from the auth service alone (SPEC §3.2), so an admin's POST /users asks it, with the
 * admin's own token: auth checks the right again. The body was validated here first, so a refusal of auth is
 * passed on as the same 4xx; only an auth that cannot answer is a 503. The next instance is tried only when
 * the request surely did not reach one, so a slow answer never creates the account twice.
 */
export async function createAccountInAuth(
  urls: readonly string[],
  caller: CallerHeaders,
  account: NewAccount
): Promise<CreatedAccount> {
  let lastError: unknown = new Error('no auth service configured');
  for (const url of urls) {
    let response: Response;
    try {
      response = await fetch(new URL('/auth/accounts', url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: caller.authorization,
          'x-request-id': caller.requestId,
          traceparent: caller.traceparent
        },
        body: JSON.stringify(account),
        signal: AbortSignal.timeout(10_000)
      });
    } catch (error) {
      if (!notSent(error)) throw unavailable(error);
      lastError = error;
      continue;
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 201 && Number.isSafeInteger(body.id)) return body as CreatedAccount;
    if (response.status >= 400 && response.status < 500) {
      throw refusal(response.status, body, response.headers.get('retry-after'));
    }
    throw unavailable(new Error(`auth service answered ${response.status}`));
  }
  throw unavailable(lastError);
}
