import {
  ResourceAllocated,
  ResourceAllocatedAnnounced,
  ResourceAllocationConflict,
  ResourceAllocationConflictAnnounced,
  ResourceReleased,
  ResourceReleasedAnnounced,
  type AllocationSnapshot,
  type ResourceSnapshot
} from '@style-flow/contracts';
import { eventOf, type OutboxEntry } from '@style-flow/platform';
import type { Static } from 'typebox';
import type { HoldingRow } from '../data/allocation-repository.ts';
import type { ResourceRow } from '../data/resource-repository.ts';

export function resourceSnapshot(r: ResourceRow): Static<typeof ResourceSnapshot> {
  return {
    id: r.id,
    name: r.name,
    type_id: r.type_id,
    quantity: r.quantity,
    location: r.location,
    status: r.status,
    description: r.description,
    setup_minutes: r.setup_minutes,
    teardown_minutes: r.teardown_minutes
  };
}

/** An allocation (never a block: those have no event) as `resource-allocations` and `resource-events` carry it. */
export function allocationSnapshot(a: HoldingRow & { event_id: number }): Static<typeof AllocationSnapshot> {
  return {
    id: a.id,
    resource_id: a.resource_id,
    resource_name: a.resource_name,
    resource_type_id: a.resource_type_id,
    event_id: a.event_id,
    start_time: a.start_time.toISOString(),
    end_time: a.end_time.toISOString(),
    quantity: a.quantity,
    status: a.status,
    released_reason: a.released_reason
  };
}

const isAllocation = (a: HoldingRow): a is HoldingRow & { event_id: number } => a.event_id !== null;

/**
 * The events of allocations that were allocated or released: each on `resource-allocations` and, for consumers of
 * that topic alone (SPEC §3.4), on `resource-events` too; keyed by the allocation. Blocks are not announced.
 */
export function allocationEvents(
  change: 'allocated' | 'released',
  rows: readonly HoldingRow[],
  traceparent?: string
): OutboxEntry[] {
  const [own, announced] =
    change === 'allocated'
      ? [ResourceAllocated, ResourceAllocatedAnnounced]
      : [ResourceReleased, ResourceReleasedAnnounced];
  return rows.filter(isAllocation).flatMap((a) => {
    const data = allocationSnapshot(a);
    return [eventOf(own, a.id, data, traceparent), eventOf(announced, a.id, data, traceparent)];
  });
}

/** Allocations flagged because their event moved to [start, end): announced on both topics. */
export function conflictEvents(
  rows: readonly HoldingRow[],
  event: { start_date: string; end_date: string },
  traceparent?: string
): OutboxEntry[] {
  return rows.filter(isAllocation).flatMap((a) => {
    const data = { ...allocationSnapshot(a), event_start_date: event.start_date, event_end_date: event.end_date };
    return [
      eventOf(ResourceAllocationConflict, a.id, data, traceparent),
      eventOf(ResourceAllocationConflictAnnounced, a.id, data, traceparent)
    ];
  });
}
