import { ResourceUpdated } from '@style-flow/contracts';
import { AppError, eventOf } from '@style-flow/platform';
import { OverCapacity } from '../data/load-repository.ts';
import { lockResource, updateResource, type ResourceInput, type ResourceRow } from '../data/resource-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { resourceSnapshot } from './snapshots.ts';

/**
 * Changes a resource. A lower quantity or longer setup/teardown must still hold every live allocation and block
 * from now on: the capacity trigger checks it under the row lock, and its refusal is a 409 naming the allocations
 * over the new quantity and the peak they reach.
 */
export async function changeResource(
  ctx: ResourceContext,
  id: number,
  changes: Partial<ResourceInput>,
  traceparent: string
): Promise<ResourceRow> {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockResource(tx, id))) throw new AppError('NOT_FOUND', `No resource ${id}.`);
    let resource: ResourceRow;
    try {
      resource = await updateResource(tx, id, changes);
    } catch (error) {
      if (!(error instanceof OverCapacity)) throw error;
      throw new AppError(
        'QUANTITY_BELOW_ALLOCATED',
        `From now on, up to ${error.peak} are allocated or blocked at once, more than ${error.quantity}.`,
        { extras: { peak: error.peak, conflicts: error.conflicts } }
      );
    }
    await ctx.emit(tx, [eventOf(ResourceUpdated, id, resourceSnapshot(resource), traceparent)]);
    return resource;
  });
}
