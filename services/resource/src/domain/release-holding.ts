import { AppError } from '@style-flow/platform';
import { lockHolding, releaseHolding } from '../data/allocation-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { allocationEvents } from './snapshots.ts';

/**
 * Releases an allocation or a block (DELETE /allocations/{id}): the row stays, with released_at. What has ended is
 * history and cannot be released (422); one under way can, which frees the rest of its window. Releasing an
 * allocation is announced; a block has no event to tell.
 */
export async function releaseHoldingById(ctx: ResourceContext, id: number, traceparent: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const holding = await lockHolding(tx, id);
    if (!holding) throw new AppError('NOT_FOUND', `No allocation ${id}.`);
    if (holding.released_at) throw new AppError('ALREADY_RELEASED', `Allocation ${id} was released already.`);
    if (holding.end_time.getTime() <= Date.now()) {
      throw new AppError('ALLOCATION_IN_PAST', `Allocation ${id} has ended; it stays as history.`);
    }
    const released = (await releaseHolding(tx, id, 'released'))!;
    await ctx.emit(tx, allocationEvents('released', [released], traceparent));
  });
}
