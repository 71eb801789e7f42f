import { ResourceDeleted } from '@style-flow/contracts';
import { AppError, eventOf } from '@style-flow/platform';
import { futureAllocationsOf, releaseFutureOfResource } from '../data/allocation-repository.ts';
import { lockResource, markResourceDeleted } from '../data/resource-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { allocationConflictView } from './conflict-view.ts';
import { allocationEvents, resourceSnapshot } from './snapshots.ts';

/**
 * Deletes a resource (the row stays, status 'deleted', with its history). While allocations that have not ended
 * hold it, that is a 409 listing them, unless `force`: then they (and its blocks) are released, each allocation
 * announced, in the same transaction as the deletion.
 */
export async function deleteResource(
  ctx: ResourceContext,
  id: number,
  force: boolean,
  traceparent: string
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (!(await lockResource(tx, id))) throw new AppError('NOT_FOUND', `No resource ${id}.`);
    if (!force) {
      const live = await futureAllocationsOf(tx, id, 100);
      if (live.length > 0) {
        throw new AppError(
          'RESOURCE_IN_USE',
          `Resource ${id} has allocations that have not ended; release them, or delete with ?force=true to release them.`,
          { extras: { conflicts: live.map(allocationConflictView) } }
        );
      }
    }
    const released = await releaseFutureOfResource(tx, id);
    const resource = await markResourceDeleted(tx, id);
    await ctx.emit(tx, [
      ...allocationEvents('released', released, traceparent),
      eventOf(ResourceDeleted, id, resourceSnapshot(resource), traceparent)
    ]);
  });
}
