import { toProblem } from '@style-flow/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  claimIdempotencyKey,
  fingerprintOf,
  rememberAnswer,
  settleFailedClaim,
  type Answer
} from '../domain/idempotency.ts';
import type { PaymentContext } from '../payment-context.ts';

/** The key of an `Idempotency-Key` header: a structured-field string loses its quotes (the schema checked it). */
function keyOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['idempotency-key'];
  if (typeof raw !== 'string') return undefined;
  return raw.startsWith('"') ? raw.slice(1, -1) : raw;
}

function send(reply: FastifyReply, answer: Answer, replayed: boolean): FastifyReply {
  if (answer.location) reply.header('location', answer.location);
  if (replayed) reply.header('idempotent-replayed', 'true');
  reply.code(answer.status);
  if (answer.status >= 400) reply.type('application/problem+json');
  return reply.send(answer.body);
}

/**
 * Runs a route's work under its Idempotency-Key, when the request has one: `scope` is the caller and the route,
 * `canonical` the request as the route understood it (amounts normalised, so `5000` and `5000.00` are the same
 * body). Input is checked before this is called, so a request refused by validation is never remembered.
 */
export async function answerIdempotently(
  ctx: PaymentContext,
  request: FastifyRequest,
  reply: FastifyReply,
  scope: { callerId: number; route: string },
  canonical: Record<string, unknown>,
  run: (claimId: number | null) => Promise<Answer>
): Promise<FastifyReply> {
  const key = keyOf(request);
  if (key === undefined) return send(reply, await run(null), false);
  const claim = await claimIdempotencyKey(ctx, {
    scope: `${scope.callerId} ${scope.route}`,
    key,
    fingerprint: fingerprintOf(canonical)
  });
  if ('replay' in claim) return send(reply, claim.replay, true);
  let answer: Answer;
  try {
    answer = await run(claim.claimId);
  } catch (error) {
    await settleFailedClaim(ctx, claim.claimId, error, () => {
      const { problem } = toProblem(error, request);
      return { status: problem.status, body: problem, location: null };
    });
    throw error;
  }
  await rememberAnswer(ctx, claim.claimId, answer);
  return send(reply, answer, false);
}
