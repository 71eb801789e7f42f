import {
  EventResourcesChanged,
  ResourceAllocatedAnnounced,
  ResourceDeleted,
  ResourceReleasedAnnounced,
  ResourceUpdated
} from '@style-flow/contracts';
import { eventOf, on, type DeliveryContext, type EventHandler, type Queryable } from '@style-flow/platform';
import {
  markReleased,
  releaseAllOfResource,
  renameResource,
  upsertAllocation
} from '../data/event-resource-repository.ts';
import type { EventContext } from '../event-context.ts';

/**
 * `resource-events`: the resources allocated to each event, kept for GET /events/{id}. Each change of what an event
 * shows is announced as event.resources_changed, in the same transaction: a cache of the event's page (the
 * gateway's) is dropped by that, after the copy changed, not by the resource service's fact, which may come first.
 */
export function resourceHandlers(ctx: EventContext): EventHandler[] {
  const announce = async (tx: Queryable, changed: Promise<number[]>, { traceparent }: DeliveryContext) => {
    const ids = await changed;
    await ctx.emit(
      tx,
      ids.map((id) => eventOf(EventResourcesChanged, id, { id }, traceparent))
    );
  };
  return [
    on(ResourceAllocatedAnnounced, (tx, allocation, _e, context) =>
      announce(
        tx,
        allocation.status === 'released' ? markReleased(tx, allocation) : upsertAllocation(tx, allocation),
        context
      )
    ),
    on(ResourceReleasedAnnounced, (tx, allocation, _e, context) => announce(tx, markReleased(tx, allocation), context)),
    on(ResourceUpdated, (tx, resource, _e, context) =>
      announce(tx, renameResource(tx, resource.id, resource.name, resource.type_id), context)
    ),
    on(ResourceDeleted, (tx, resource, _e, context) => announce(tx, releaseAllOfResource(tx, resource.id), context))
  ];
}
