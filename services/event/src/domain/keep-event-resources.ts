import {
  EventResourcesChanged,
  type EventData,
  type ResourceAllocatedAnnounced,
  type ResourceUpdated
} from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import {
  markReleased,
  releaseAllOfResource,
  renameResource,
  upsertAllocation
} from '../data/event-resource-repository.ts';
import type { EventContext } from '../event-context.ts';

type Allocation = EventData<typeof ResourceAllocatedAnnounced>;
type Resource = EventData<typeof ResourceUpdated>;

/**
 * The resources allocated to each event, kept for GET /events/{id} from the resource service's facts. Each change
 * of what an event shows is announced as event.resources_changed, in the same transaction: a cache of the event's
 * page (the gateway's) is dropped by that, after the copy changed, not by the resource service's fact, which may
 * come first.
 */
export type ResourceFact =
  | { kind: 'allocated'; allocation: Allocation }
  | { kind: 'released'; allocation: Allocation }
  | { kind: 'renamed'; resource: Resource }
  | { kind: 'deleted'; resourceId: number };

function apply(tx: Queryable, fact: ResourceFact): Promise<number[]> {
  switch (fact.kind) {
    case 'allocated':
      return fact.allocation.status === 'released'
        ? markReleased(tx, fact.allocation)
        : upsertAllocation(tx, fact.allocation);
    case 'released':
      return markReleased(tx, fact.allocation);
    case 'renamed':
      return renameResource(tx, fact.resource.id, fact.resource.name, fact.resource.type_id);
    case 'deleted':
      return releaseAllOfResource(tx, fact.resourceId);
  }
}

export async function keepEventResources(
  ctx: EventContext,
  tx: Queryable,
  fact: ResourceFact,
  traceparent: string | undefined
): Promise<void> {
  const changedEvents = await apply(tx, fact);
  await ctx.emit(
    tx,
    changedEvents.map((id) => eventOf(EventResourcesChanged, id, { id }, traceparent))
  );
}
