import { clientHttp } from '@style-flow/contracts';
import { AppError } from '@style-flow/platform';
import { knownClient, knownEvent } from '../data/known-repository.ts';
import type { PaymentContext } from '../payment-context.ts';

type ClientCaller = { authorization: string | undefined; traceparent: string };

const refused = (code: 'UNKNOWN_CLIENT' | 'CLIENT_ARCHIVED' | 'EVENT_CANCELLED', path: string, detail: string) =>
  new AppError(code, detail, { errors: [{ path, message: detail }] });

/**
 * `client_id` must name a client that is not archived. Only staff get here (a plain user naming a client was
 * refused before, see payment-rights.ts). The local copy (from client-events) answers first; a client created a
 * moment ago that the copy has not caught up with is asked of the client service with the caller's own
 * Authorization (SPEC §5).
 */
export async function checkClient(ctx: PaymentContext, clientId: number, caller: ClientCaller): Promise<void> {
  const client = (await knownClient(ctx.db, clientId)) ?? (await askClientService(ctx, clientId, caller));
  if (!client) throw refused('UNKNOWN_CLIENT', '/client_id', `There is no client ${clientId}.`);
  if (client.status === 'archived') {
    const merged = client.merged_into === null ? '' : `; it was merged into client ${client.merged_into}`;
    throw refused('CLIENT_ARCHIVED', '/client_id', `Client ${clientId} is archived and takes no new payment${merged}.`);
  }
}

/**
 * A payment for an event known to be cancelled is refused. An event the copy does not know is taken on trust: the
 * seed's walkthrough pays for an event created a moment ago, and the event service decides what a payment for an
 * event it does not know (or a free or past one) means.
 */
export async function checkEvent(ctx: PaymentContext, eventId: number): Promise<void> {
  const event = await knownEvent(ctx.db, eventId);
  if (event?.status === 'cancelled')
    throw refused('EVENT_CANCELLED', '/event_id', `Event ${eventId} is cancelled and takes no payment.`);
}

/** A 401, 403 or 404 is an answer too: this caller may not name that client, or there is none. */
async function askClientService(ctx: PaymentContext, id: number, caller: ClientCaller) {
  const answer = await ctx.peers.call(clientHttp.getClient, { params: { id }, ...caller });
  return answer.status === 200 ? answer.body : null;
}
