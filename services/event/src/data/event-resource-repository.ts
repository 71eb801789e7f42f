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

/** Records an allocation; one already released stays released (a release is final). */
export async function upsertAllocation(tx: Queryable, a: AllocationFact): Promise<void> {
  await tx.query(
    `insert into event_resources (allocation_id, event_id, resource_id, resource_name, resource_type_id, quantity, start_time, end_time)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (allocation_id) do update set event_id = excluded.event_id, resource_id = excluded.resource_id,
       resource_name = excluded.resource_name, resource_type_id = excluded.resource_type_id, quantity = excluded.quantity,
       start_time = excluded.start_time, end_time = excluded.end_time, updated_at = now()
     where not event_resources.released`,
    [a.id, a.event_id, a.resource_id, a.resource_name, a.resource_type_id, a.quantity, a.start_time, a.end_time]
  );
}

/** Marks an allocation released, remembering it even if its allocation was never seen (so a late one stays released). */
export async function markReleased(tx: Queryable, a: AllocationFact): Promise<void> {
  await tx.query(
    `insert into event_resources (allocation_id, event_id, resource_id, resource_name, resource_type_id, quantity, start_time, end_time, released)
     values ($1, $2, $3, $4, $5, $6, $7, $8, true)
     on conflict (allocation_id) do update set released = true, updated_at = now()`,
    [a.id, a.event_id, a.resource_id, a.resource_name, a.resource_type_id, a.quantity, a.start_time, a.end_time]
  );
}

export async function renameResource(tx: Queryable, resourceId: number, name: string, typeId: number): Promise<void> {
  await tx.query('update event_resources set resource_name = $2, resource_type_id = $3, updated_at = now() where resource_id = $1', [resourceId, name, typeId]);
}

export async function releaseAllOfResource(tx: Queryable, resourceId: number): Promise<void> {
  await tx.query('update event_resources set released = true, updated_at = now() where resource_id = $1 and not released', [resourceId]);
}
