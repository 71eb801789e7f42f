import type { components } from './generated/api.ts';

/** Every 4xx and 5xx of the API: RFC 9457 problem details with the code of Style Flow's one table (SPEC §1). */
export type Problem = components['schemas']['Problem'];
export type ErrorCode = Problem['code'];

/** What an openapi-fetch call resolves to: the answer's data, or its problem, and the response either way. */
export type ApiResult<D, E> =
  { data: D; error?: never; response: Response } | { data?: never; error: E; response: Response };

/** The data of a call's successful answer. */
export type DataOf<R> = R extends { data: infer D; error?: never } ? D : never;

/** A refused or failed call, thrown by `ok()`: the problem as the service sent it, and the HTTP status. */
export class ProblemError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(response: Response, body: unknown) {
    const problem = isProblem(body) ? body : null;
    // The path only: the message may be logged, and neither a query nor a header belongs in a log line.
    const where = response.url ? new URL(response.url).pathname : 'the API';
    const what = problem ? `${problem.code}: ${problem.detail}` : response.statusText || 'without problem details';
    super(`${where} answered ${response.status} ${what}`);
    this.name = 'ProblemError';
    this.status = response.status;
    this.problem = problem;
  }
}

export function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const { status, code, detail } = body as Record<string, unknown>;
  return typeof status === 'number' && typeof code === 'string' && typeof detail === 'string';
}

/**
 * The data of a call that must succeed; a refusal throws a ProblemError carrying the problem. For flows where any
 * refusal is a failure of the flow: `const event = await ok(api.POST('/events', { body }))`.
 */
export async function ok<R extends ApiResult<unknown, unknown>>(call: Promise<R>): Promise<DataOf<R>> {
  const result = await call;
  if (!result.response.ok) throw new ProblemError(result.response, result.error);
  return result.data as DataOf<R>;
}
