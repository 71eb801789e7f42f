import {
  ResourceAllocatedAnnounced,
  ResourceDeleted,
  ResourceReleasedAnnounced,
  ResourceUpdated
} from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepEventResources } from '../domain/keep-event-resources.ts';
import type { EventContext } from '../event-context.ts';

/** `resource-events`: the resources allocated to each event, kept for GET /events/{id}. */
export function resourceHandlers(ctx: EventContext): EventHandler[] {
  return [
    on(ResourceAllocatedAnnounced, (tx, allocation, _e, { traceparent }) =>
      keepEventResources(ctx, tx, { kind: 'allocated', allocation }, traceparent)
    ),
    on(ResourceReleasedAnnounced, (tx, allocation, _e, { traceparent }) =>
      keepEventResources(ctx, tx, { kind: 'released', allocation }, traceparent)
    ),
    on(ResourceUpdated, (tx, resource, _e, { traceparent }) =>
      keepEventResources(ctx, tx, { kind: 'renamed', resource }, traceparent)
    ),
    on(ResourceDeleted, (tx, resource, _e, { traceparent }) =>
      keepEventResources(ctx, tx, { kind: 'deleted', resourceId: resource.id }, traceparent)
    )
  ];
}
