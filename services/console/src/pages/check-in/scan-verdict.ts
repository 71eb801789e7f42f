import { isProblem, type Json, type StyleFlowClient } from '@style-flow/client';
import { ProblemError } from '@style-flow/client';

type Scan = Json<'/events/{id}/check-ins', 'post'>;

/** The reasons the API gives for a refused ticket (422 TICKET_INVALID), each with its own sentence on the page. */
export const reasons = ['unknown', 'forged', 'other_event', 'revoked', 'cancelled', 'unpaid', 'waitlisted'] as const;
export type Reason = (typeof reasons)[number];

/** What the steward at the door must see at a glance. */
export type Verdict =
  | { kind: 'admitted'; name: string; list: string }
  | { kind: 'already'; name: string; list: string; at: string }
  | { kind: 'invalid'; reason: Reason | null; detail: string }
  | { kind: 'empty' };

/** The HTTP status a plain form post answers with, so that a refusal is not a 200 to tools that look. */
export const statusOf = (v: Verdict): number =>
  v.kind === 'admitted' ? 200 : v.kind === 'already' ? 409 : v.kind === 'empty' ? 400 : 422;

/**
 * One scan, as the API judges it (SPEC §3.3): 201 admitted, 409 ALREADY_CHECKED_IN with the first scan, 422
 * TICKET_INVALID with a reason, 400 for a code that is not one at all. The nonce makes a resent form (a reload, a
 * scanner's double Enter) the same scan: the API answers it with the first answer. Any other refusal (403, 404, 503)
 * is the console's error page.
 */
export async function scanTicket(
  api: StyleFlowClient,
  eventId: number,
  scan: { code: string; listId: number | undefined; nonce: string }
): Promise<Verdict> {
  if (!scan.code) return { kind: 'empty' };
  const { data, error, response } = await api.POST('/events/{id}/check-ins', {
    params: { path: { id: eventId } },
    body: { code: scan.code, nonce: scan.nonce, ...(scan.listId ? { list_id: scan.listId } : {}) }
  });
  if (data) return admitted(data);
  const problem = isProblem(error) ? (error as typeof error & Record<string, unknown>) : null;
  if (response.status === 409 && problem?.code === 'ALREADY_CHECKED_IN') {
    const first = problem.first_check_in as { scanned_at?: string; list_name?: string } | undefined;
    return {
      kind: 'already',
      name: typeof problem.attendee_name === 'string' ? problem.attendee_name : '',
      list: first?.list_name ?? '',
      at: first?.scanned_at ?? ''
    };
  }
  if (problem && (response.status === 422 || response.status === 400)) {
    const reason = reasons.find((r) => r === problem.reason) ?? null;
    return { kind: 'invalid', reason, detail: problem.detail };
  }
  throw new ProblemError(response, error);
}

const admitted = (s: Scan): Verdict => ({ kind: 'admitted', name: s.attendee_name, list: s.list_name });
