import { AppError, type Principal } from '@style-flow/platform';
import { insertHolding, type HoldingRow } from '../data/allocation-repository.ts';
import { OverCapacity } from '../data/load-repository.ts';
import { lockResource } from '../data/resource-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { overCapacityConflict } from './over-capacity-conflict.ts';

export type BlockInput = { start_time: string; end_time: string; quantity: number; reason: string | null };

/**
 * Takes some quantity of a resource out for maintenance: it counts against the quantity like an allocation, through
 * the same lock and capacity trigger, without an event (so it is not announced as an allocation).
 */
export async function blockResource(
  ctx: ResourceContext,
  resourceId: number,
  input: BlockInput,
  actor: Principal
): Promise<HoldingRow> {
  return ctx.db.transaction(async (tx) => {
    if (!(await lockResource(tx, resourceId))) throw new AppError('NOT_FOUND', `No resource ${resourceId}.`);
    try {
      return await insertHolding(tx, { ...input, resource_id: resourceId, event_id: null, created_by: actor.userId });
    } catch (error) {
      if (error instanceof OverCapacity) throw overCapacityConflict(error, input.quantity);
      throw error;
    }
  });
}
