import type { Queryable } from '@style-flow/platform';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type EventResourceRow = {
  allocation_id: number;
  event_id: number;
  resource_id: number;
  resource_name: string;
  resource_type_id: number;
  quantity: number;
  start_time: Date;
  end_time: Date;
};

export interface AllocationFact {
  id: number;
  event_id: number;
  resource_id: number;
  resource_name: string;
  resource_type_id: number;
  quantity: number;
  start_time: string;
  end_time: string;
}

/** The events whose shown resources a change touched. */
const eventIds = (rows: readonly { event_id: number }[]): number[] => [...new Set(rows.map((r) => r.event_id))];

/** Records an allocation; one already released stays released (a release is final). Returns the events it changed. */
export async function upsertAllocation(tx: Queryable, a: AllocationFact): Promise<number[]> {
  const { rows } = await tx.query<{ event_id: number }>(
    `insert into event_resources (allocation_id, event_id, resource_id, resource_name, resource_type_id, quantity, start_time, end_time)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (allocation_id) do update set event_id = excluded.event_id, resource_id = excluded.resource_id,
       resource_name = excluded.resource_name, resource_type_id = excluded.resource_type_id, quantity = excluded.quantity,
       start_time = excluded.start_time, end_time = excluded.end_time, updated_at = now()
     where not event_resources.released
     returning event_id`,
    [a.id, a.event_id, a.resource_id, a.resource_name, a.resource_type_id, a.quantity, a.start_time, a.end_time]
  );
  return eventIds(rows);
}

/** Marks an allocation released, remembering it even if its allocation was never seen (so a late one stays released). */
export async function markReleased(tx: Queryable, a: AllocationFact): Promise<number[]> {
  const { rows } = await tx.query<{ event_id: number }>(
    `insert into event_resources (allocation_id, event_id, resource_id, resource_name, resource_type_id, quantity, start_time, end_time, released)
     values ($1, $2, $3, $4, $5, $6, $7, $8, true)
     on conflict (allocation_id) do update set released = true, updated_at = now()
     returning event_id`,
    [a.id, a.event_id, a.resource_id, a.resource_name, a.resource_type_id, a.quantity, a.start_time, a.end_time]
  );
  return eventIds(rows);
}

/** Returns the events whose shown resources took the new name or type (released allocations are not shown). */
export async function renameResource(
  tx: Queryable,
  resourceId: number,
  name: string,
  typeId: number
): Promise<number[]> {
  const { rows } = await tx.query<{ event_id: number; released: boolean }>(
    `update event_resources set resource_name = $2, resource_type_id = $3, updated_at = now()
     where resource_id = $1 and (resource_name, resource_type_id) is distinct from ($2, $3)
     returning event_id, released`,
    [resourceId, name, typeId]
  );
  return eventIds(rows.filter((r) => !r.released));
}

export async function releaseAllOfResource(tx: Queryable, resourceId: number): Promise<number[]> {
  const { rows } = await tx.query<{ event_id: number }>(
    'update event_resources set released = true, updated_at = now() where resource_id = $1 and not released returning event_id',
    [resourceId]
  );
  return eventIds(rows);
}
