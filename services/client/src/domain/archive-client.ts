import { ClientArchived } from '@style-flow/contracts';
import { AppError, eventOf } from '@style-flow/platform';
import { lockClient, markArchived } from '../data/client-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { clientSnapshot } from './snapshots.ts';

/**
 * DELETE /clients/{id}: the client is archived, never deleted, so its contacts, timeline and totals stay readable.
 * Archiving an archived client changes nothing and announces nothing.
 */
export async function archiveClient(ctx: ClientContext, id: number, traceparent?: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const client = await lockClient(tx, id);
    if (!client) throw new AppError('NOT_FOUND', `No client ${id}.`);
    if (client.status === 'archived') return;
    const archived = await markArchived(tx, id, null);
    await ctx.emit(tx, [eventOf(ClientArchived, id, clientSnapshot(archived), traceparent)]);
  });
}
