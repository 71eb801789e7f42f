import { ClientUpdated } from '@style-flow/contracts';
import { eventOf } from '@style-flow/platform';
import { updateClient, type ClientInput, type ClientRow, type IdentityProbe } from '../data/client-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { identityOf } from './client-identity.ts';
import { guardAgainstDuplicates } from './duplicate-guard.ts';
import { lockLiveClient } from './live-client.ts';
import { clientSnapshot } from './snapshots.ts';

/**
 * Changes a live client. A new name, email or website is checked against the other live clients like a new
 * client; the parts that stay as they were are not (a duplicate allowed once is not refused at every change).
 */
export async function changeClient(
  ctx: ClientContext,
  id: number,
  changes: Partial<ClientInput>,
  allowDuplicate: boolean,
  traceparent?: string
): Promise<ClientRow> {
  return ctx.db.transaction(async (tx) => {
    const current = await lockLiveClient(tx, id);
    const before = identityOf(current);
    const after = identityOf({ ...current, ...changes });
    const probe: IdentityProbe = {
      name_key: after.name_key !== before.name_key ? after.name_key : null,
      email_key: after.email_key !== before.email_key ? after.email_key : null,
      domain_key: after.domain_key !== before.domain_key ? after.domain_key : null
    };
    await guardAgainstDuplicates(ctx, tx, probe, id, allowDuplicate);
    const client = await updateClient(tx, id, changes, after);
    await ctx.emit(tx, [eventOf(ClientUpdated, client.id, clientSnapshot(client), traceparent)]);
    return client;
  });
}
