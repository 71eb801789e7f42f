import { clientHttp } from '@style-flow/contracts';
import { AppError } from '@style-flow/platform';
import { knownClient } from '../data/known-client-repository.ts';
import type { EventContext } from '../event-context.ts';

/** Who names the client: the client service is asked with the caller's own Authorization. */
export type ClientCaller = { authorization: string | undefined; traceparent: string };

const refused = (code: 'UNKNOWN_CLIENT' | 'CLIENT_ARCHIVED', detail: string) =>
  new AppError(code, detail, { errors: [{ path: '/client_id', message: detail }] });

/**
 * An event's `client_id` must name a client that is not archived. The local copy (from client-events) answers
 * first; a client created a moment ago that the copy has not caught up with is asked of the client service
 * (SPEC §5), outside any transaction: a slow client service holds no row lock and no connection.
 */
export async function checkClient(ctx: EventContext, clientId: number, caller: ClientCaller): Promise<void> {
  const client = (await knownClient(ctx.db, clientId)) ?? (await askClientService(ctx, clientId, caller));
  if (!client) throw refused('UNKNOWN_CLIENT', `There is no client ${clientId}.`);
  if (client.status === 'archived') {
    const merged = client.merged_into === null ? '' : `; it was merged into client ${client.merged_into}`;
    throw refused('CLIENT_ARCHIVED', `Client ${clientId} is archived and takes no events${merged}.`);
  }
}

/** A 401, 403 or 404 is an answer too: this caller may not name that client, or there is none. */
async function askClientService(ctx: EventContext, id: number, caller: ClientCaller) {
  const answer = await ctx.peers.call(clientHttp.getClient, { params: { id }, ...caller });
  return answer.status === 200 ? answer.body : null;
}
