import { Type } from 'typebox';
import { Topics } from '../topics.ts';
import { Nullable } from './common.ts';
import type { EventDefinition } from './event-definition.ts';

/** A resource (a room, a projector, …) as other services learn it from `resource-events`. */
export const ResourceSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  name: Type.String(),
  type_id: Type.Integer({ minimum: 1 }),
  quantity: Type.Integer({ minimum: 1 }),
  location: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('deleted')])
});

export const ResourceCreated = {
  topic: Topics.resourceEvents,
  type: 'resource.created',
  data: ResourceSnapshot
} as const satisfies EventDefinition;
export const ResourceUpdated = {
  topic: Topics.resourceEvents,
  type: 'resource.updated',
  data: ResourceSnapshot
} as const satisfies EventDefinition;
export const ResourceDeleted = {
  topic: Topics.resourceEvents,
  type: 'resource.deleted',
  data: ResourceSnapshot
} as const satisfies EventDefinition;

/** Some quantity of a resource held for an event over a span of time; the resource's name travels with it. */
export const AllocationSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  resource_id: Type.Integer({ minimum: 1 }),
  resource_name: Type.String(),
  resource_type_id: Type.Integer({ minimum: 1 }),
  event_id: Type.Integer({ minimum: 1 }),
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' }),
  quantity: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal('active'), Type.Literal('released')])
});

export const ResourceAllocated = {
  topic: Topics.resourceAllocations,
  type: 'resource.allocated',
  data: AllocationSnapshot
} as const satisfies EventDefinition;
export const ResourceReleased = {
  topic: Topics.resourceAllocations,
  type: 'resource.released',
  data: AllocationSnapshot
} as const satisfies EventDefinition;

/**
 * SPEC §3.4: every allocation change is also announced on `resource-events`, so that a consumer of that
 * topic alone (the event service) sees it. Same types and payloads, other topic; keyed by the allocation.
 */
export const ResourceAllocatedAnnounced = {
  ...ResourceAllocated,
  topic: Topics.resourceEvents
} as const satisfies EventDefinition;
export const ResourceReleasedAnnounced = {
  ...ResourceReleased,
  topic: Topics.resourceEvents
} as const satisfies EventDefinition;
