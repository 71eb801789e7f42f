import {
  ResourceAllocatedAnnounced,
  ResourceDeleted,
  ResourceReleasedAnnounced,
  ResourceUpdated
} from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import {
  markReleased,
  releaseAllOfResource,
  renameResource,
  upsertAllocation
} from '../data/event-resource-repository.ts';

/** `resource-events`: the resources allocated to each event, kept for GET /events/{id}. */
export function resourceHandlers(): EventHandler[] {
  return [
    on(ResourceAllocatedAnnounced, async (tx, allocation) => {
      if (allocation.status === 'released') await markReleased(tx, allocation);
      else await upsertAllocation(tx, allocation);
    }),
    on(ResourceReleasedAnnounced, (tx, allocation) => markReleased(tx, allocation)),
    on(ResourceUpdated, (tx, resource) => renameResource(tx, resource.id, resource.name, resource.type_id)),
    on(ResourceDeleted, (tx, resource) => releaseAllOfResource(tx, resource.id))
  ];
}
