import { ClientCreated } from '@style-flow/contracts';
import { eventOf } from '@style-flow/platform';
import { insertClient, type ClientInput, type ClientRow } from '../data/client-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { identityOf } from './client-identity.ts';
import { guardAgainstDuplicates } from './duplicate-guard.ts';
import { clientSnapshot } from './snapshots.ts';

/** A new live client, unless it looks like one that exists (409 with the candidates) and the caller did not insist. */
export async function createClient(
  ctx: ClientContext,
  input: ClientInput,
  allowDuplicate: boolean,
  traceparent?: string
): Promise<ClientRow> {
  const keys = identityOf(input);
  return ctx.db.transaction(async (tx) => {
    await guardAgainstDuplicates(ctx, tx, keys, null, allowDuplicate);
    const client = await insertClient(tx, input, keys);
    await ctx.emit(tx, [eventOf(ClientCreated, client.id, clientSnapshot(client), traceparent)]);
    return client;
  });
}
