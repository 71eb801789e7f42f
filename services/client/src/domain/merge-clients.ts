import { ClientArchived, ClientMerged } from '@style-flow/contracts';
import { AppError, eventOf } from '@style-flow/platform';
import { moveActivity } from '../data/activity-repository.ts';
import { lockClients, markArchived, repointMerged, type ClientRow } from '../data/client-repository.ts';
import { moveContacts } from '../data/contact-repository.ts';
import { moveTotals } from '../data/payment-totals-repository.ts';
import type { ClientContext } from '../client-context.ts';
import { clientSnapshot } from './snapshots.ts';

/**
 * POST /clients/{id}/merge {from_id}: the duplicate `fromId` is folded into `id` in one transaction — its contacts
 * (its primary stays primary only if `id` has none), its timeline and its payment totals move, and it is archived
 * pointing at `id`, so effects still addressed to it land on `id`. Both rows are locked in id order first: two
 * merges of the same pair, or a merge and a change of either, queue instead of deadlocking or interleaving.
 */
export async function mergeClients(
  ctx: ClientContext,
  id: number,
  fromId: number,
  traceparent?: string
): Promise<ClientRow> {
  if (id === fromId) {
    throw new AppError('UNPROCESSABLE', 'A client cannot be merged into itself.', {
      errors: [{ path: '/from_id', message: 'must be another client' }]
    });
  }
  return ctx.db.transaction(async (tx) => {
    const locked = await lockClients(tx, [id, fromId]);
    const into = locked.find((c) => c.id === id);
    const from = locked.find((c) => c.id === fromId);
    if (!into) throw new AppError('NOT_FOUND', `No client ${id}.`);
    if (!from) throw new AppError('NOT_FOUND', `No client ${fromId} to merge.`);
    for (const c of [into, from]) {
      if (c.status === 'archived') {
        throw new AppError('CLIENT_ARCHIVED', `Client ${c.id} is archived; only live clients are merged.`, {
          extras: { merged_into: c.merged_into }
        });
      }
    }
    await moveContacts(tx, fromId, id);
    await moveActivity(tx, fromId, id);
    await moveTotals(tx, fromId, id);
    await repointMerged(tx, fromId, id);
    const archived = await markArchived(tx, fromId, id);
    await ctx.emit(tx, [
      eventOf(ClientArchived, fromId, clientSnapshot(archived), traceparent),
      eventOf(ClientMerged, id, { id, from_id: fromId }, traceparent)
    ]);
    return into;
  });
}
