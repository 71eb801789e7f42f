import { authHttp, errorCodes, type ErrorCode, type Problem } from '@style-flow/contracts';
import { AppError, type FieldError } from '@style-flow/platform';
import { findUser, type User } from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';
import { addProfile } from './add-profile.ts';

export type AdminCaller = { userId: number; authorization: string; requestId: string; traceparent: string };

/**
 * An admin's POST /users: the account is created in auth, which alone allocates ids (SPEC §3.2), with the admin's
 * own token (auth checks the right again), and the profile written now, so that the answer and an immediate GET
 * show it; the auth.user.registered event that follows finds it in place and changes nothing. The body was
 * validated here with auth's own schema, so a refusal of auth is passed on as the same 4xx; only an auth that
 * cannot answer is a 503, and a slow answer is never sent again to another instance (POST is not idempotent).
 */
export async function createUser(ctx: UserContext, admin: AdminCaller, request: authHttp.NewAccount): Promise<User> {
  const { userId, ...caller } = admin;
  const answer = await ctx.peers.call(authHttp.createAccount, { params: {}, body: request, ...caller });
  if (answer.status !== 201) throw refusal(answer.status, answer.body, answer.headers.get('retry-after'));
  const a = answer.body;
  const account = {
    id: a.id,
    username: a.username,
    email: a.email,
    first_name: a.first_name,
    last_name: a.last_name,
    role: a.role,
    status: 'active' as const
  };
  return ctx.db.transaction(async (tx) => {
    const created = await addProfile(ctx, tx, account, { details: { by: userId } }, admin.traceparent);
    return created ?? (await findUser(tx, account.id))!;
  });
}

/** Auth's refusal as this service's own answer: the same status and code, so the admin reads what auth said. */
function refusal(status: number, problem: Problem, retryAfter: string | null): AppError {
  const known = problem.code !== undefined && problem.code in errorCodes ? (problem.code as ErrorCode) : undefined;
  const code =
    known && errorCodes[known].status === status
      ? known
      : ((Object.keys(errorCodes) as ErrorCode[]).find((c) => errorCodes[c].status === status) ?? 'BAD_REQUEST');
  return new AppError(code, problem.detail ?? 'The auth service refused the account.', {
    ...(problem.errors ? { errors: problem.errors as FieldError[] } : {}),
    ...(retryAfter ? { headers: { 'retry-after': retryAfter } } : {})
  });
}
