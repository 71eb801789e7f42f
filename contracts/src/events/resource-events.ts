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
  status: Type.Union([Type.Literal('active'), Type.Literal('deleted')]),
  description: Type.Optional(Nullable(Type.String())),
  /** Minutes before and after each allocation that the resource is occupied too (setting up, clearing). */
  setup_minutes: Type.Optional(Type.Integer({ minimum: 0 })),
  teardown_minutes: Type.Optional(Type.Integer({ minimum: 0 }))
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

/**
 * Some quantity of a resource held for an event over a span of time; the resource's name travels with it.
 * `conflict`: still held, but the event's times no longer cover it (see resource.allocation_conflict).
 */
export const AllocationSnapshot = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  resource_id: Type.Integer({ minimum: 1 }),
  resource_name: Type.String(),
  resource_type_id: Type.Integer({ minimum: 1 }),
  event_id: Type.Integer({ minimum: 1 }),
  start_time: Type.String({ format: 'date-time' }),
  end_time: Type.String({ format: 'date-time' }),
  quantity: Type.Integer({ minimum: 1 }),
  status: Type.Union([Type.Literal('active'), Type.Literal('conflict'), Type.Literal('released')]),
  /** Why a released allocation was released: by staff, with its event, or with its resource. */
  released_reason: Type.Optional(
    Nullable(Type.Union([Type.Literal('released'), Type.Literal('event_cancelled'), Type.Literal('resource_deleted')]))
  )
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
 * The event of an allocation moved and no longer covers it: the allocation is flagged `conflict` and keeps its
 * quantity (never moved or dropped silently) until staff release it. The event's new times travel with it.
 */
export const ResourceAllocationConflict = {
  topic: Topics.resourceAllocations,
  type: 'resource.allocation_conflict',
  data: Type.Object({
    ...AllocationSnapshot.properties,
    event_start_date: Type.String({ format: 'date-time' }),
    event_end_date: Type.String({ format: 'date-time' })
  })
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
export const ResourceAllocationConflictAnnounced = {
  ...ResourceAllocationConflict,
  topic: Topics.resourceEvents
} as const satisfies EventDefinition;
