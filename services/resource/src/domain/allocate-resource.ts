import { AppError, type Principal } from '@style-flow/platform';
import { insertHolding, type HoldingRow } from '../data/allocation-repository.ts';
import { lockKnownEvent } from '../data/known-event-repository.ts';
import { OverCapacity } from '../data/load-repository.ts';
import { lockResource } from '../data/resource-repository.ts';
import type { ResourceContext } from '../resource-context.ts';
import { knowEvent } from './know-event.ts';
import { overCapacityConflict } from './over-capacity-conflict.ts';
import { allocationEvents } from './snapshots.ts';

export type AllocationInput = { event_id: number; start_time: string; end_time: string; quantity: number };

/**
 * Allocates some quantity of a resource to an event over a window. The rule that no instant ever holds more than
 * the quantity lives in the database (the capacity trigger, after the resource's row lock): this function takes the
 * locks, checks the event, and turns the trigger's refusal into a 409 that names what is in the way.
 */
export async function allocateResource(
  ctx: ResourceContext,
  resourceId: number,
  input: AllocationInput,
  actor: Principal,
  traceparent: string
): Promise<HoldingRow> {
  await knowEvent(ctx, input.event_id, traceparent);
  return ctx.db.transaction(async (tx) => {
    if (!(await lockResource(tx, resourceId))) throw new AppError('NOT_FOUND', `No resource ${resourceId}.`);
    const event = (await lockKnownEvent(tx, input.event_id))!;
    if (event.status === 'cancelled') {
      throw new AppError('EVENT_CANCELLED', `Event ${event.id} is cancelled.`, {
        errors: [{ path: '/event_id', message: 'is cancelled' }]
      });
    }
    if (new Date(input.start_time) < event.start_date || new Date(input.end_time) > event.end_date) {
      throw new AppError(
        'OUTSIDE_EVENT',
        `Event ${event.id} runs from ${event.start_date.toISOString()} to ${event.end_date.toISOString()}; the allocation must lie within.`,
        { extras: { event_start_date: event.start_date.toISOString(), event_end_date: event.end_date.toISOString() } }
      );
    }
    let allocation: HoldingRow;
    try {
      allocation = await insertHolding(tx, {
        ...input,
        resource_id: resourceId,
        reason: null,
        created_by: actor.userId
      });
    } catch (error) {
      if (error instanceof OverCapacity) throw overCapacityConflict(error, input.quantity);
      throw error;
    }
    await ctx.emit(tx, allocationEvents('allocated', [allocation], traceparent));
    return allocation;
  });
}
