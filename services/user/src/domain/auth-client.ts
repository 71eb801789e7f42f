import { errorCodes, type ErrorCode } from '@style-flow/contracts';
import { AppError } from '@style-flow/platform';

export interface CreatedAccount {
  id: number;
  username: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  role: 'user' | 'manager' | 'admin';
  status: 'active' | 'deactivated';
}

/**
 * Account ids come from the auth service alone (SPEC §3.2), so an admin's POST /users asks it, with the
 * admin's own token: auth checks the right again. Tries each configured instance until one answers.
 */
export async function createAccountInAuth(
  urls: readonly string[],
  request: { authorization: string; requestId: string; traceparent: string; body: Record<string, unknown> }
): Promise<CreatedAccount> {
  let lastError: unknown;
  for (const url of urls) {
    let response: Response;
    try {
      response = await fetch(new URL('/auth/accounts', url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: request.authorization,
          'x-request-id': request.requestId,
          traceparent: request.traceparent
        },
        body: JSON.stringify(request.body),
        signal: AbortSignal.timeout(10_000)
      });
    } catch (error) {
      lastError = error;
      continue;
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (response.status === 201) return body as unknown as CreatedAccount;
    if (response.status >= 400 && response.status < 500) {
      const code = (typeof body.code === 'string' && body.code in errorCodes ? body.code : 'BAD_REQUEST') as ErrorCode;
      throw new AppError(
        code,
        typeof body.detail === 'string' ? body.detail : 'The auth service refused the account.',
        {
          errors: Array.isArray(body.errors) ? body.errors : undefined
        }
      );
    }
    lastError = new Error(`auth service answered ${response.status}`);
  }
  throw new AppError('DEPENDENCY_UNAVAILABLE', 'The auth service is unavailable; try again shortly.', {
    cause: lastError
  });
}
