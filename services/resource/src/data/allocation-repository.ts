import type { Queryable } from '@style-flow/platform';
import { checkingCapacity } from './load-repository.ts';

export type HoldingStatus = 'active' | 'conflict' | 'released';
export type ReleasedReason = 'released' | 'event_cancelled' | 'resource_deleted';
/** An allocation holds quantity for an event; a block (no event) takes it out for maintenance. */
export type HoldingKind = 'allocation' | 'block';

/** An allocation or block with its resource's name and type, and the window it occupies with the buffers. */
export type HoldingRow = {
  id: number;
  resource_id: number;
  resource_name: string;
  resource_type_id: number;
  event_id: number | null;
  quantity: number;
  start_time: Date;
  end_time: Date;
  occupied_from: Date;
  occupied_to: Date;
  reason: string | null;
  status: HoldingStatus;
  released_at: Date | null;
  released_reason: ReleasedReason | null;
  created_by: number | null;
  created_at: Date;
};

export type HoldingInput = {
  resource_id: number;
  event_id: number | null;
  quantity: number;
  start_time: string;
  end_time: string;
  reason: string | null;
  created_by: number;
};

export type HoldingFilter = {
  kind: HoldingKind | undefined;
  resource_id: number | undefined;
  event_id: number | undefined;
  status: HoldingStatus | undefined;
  from: string | undefined;
  to: string | undefined;
};

// Selected from `a` (allocations, or the rows a statement returned) joined to its resource `r`.
const view = `a.id, a.resource_id, r.name as resource_name, r.type_id as resource_type_id, a.event_id, a.quantity,
  a.start_time, a.end_time,
  a.start_time - case when a.event_id is null then interval '0' else make_interval(mins => r.setup_minutes) end
    as occupied_from,
  a.end_time + case when a.event_id is null then interval '0' else make_interval(mins => r.teardown_minutes) end
    as occupied_to,
  a.reason, a.status, a.released_at, a.released_reason, a.created_by, a.created_at`;

const ofKind = `($2::text is null or (a.event_id is null) = ($2::text = 'block'))`;

/** Inserts an allocation or block; the capacity trigger refuses it (OverCapacity) when it does not fit. */
export async function insertHolding(tx: Queryable, h: HoldingInput): Promise<HoldingRow> {
  const { rows } = await checkingCapacity(() =>
    tx.query<HoldingRow>(
      `with a as (
         insert into allocations (resource_id, event_id, quantity, start_time, end_time, reason, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning *
       )
       select ${view} from a join resources r on r.id = a.resource_id`,
      [h.resource_id, h.event_id, h.quantity, h.start_time, h.end_time, h.reason, h.created_by]
    )
  );
  return rows[0]!;
}

export async function findHolding(db: Queryable, id: number): Promise<HoldingRow | null> {
  const { rows } = await db.query<HoldingRow>(
    `select ${view} from allocations a join resources r on r.id = a.resource_id where a.id = $1`,
    [id]
  );
  return rows[0] ?? null;
}

/** The row locked until the transaction ends, so that a release and the check before it see the same row. */
export async function lockHolding(tx: Queryable, id: number): Promise<HoldingRow | null> {
  const { rows } = await tx.query<HoldingRow>(
    `select ${view} from allocations a join resources r on r.id = a.resource_id where a.id = $1 for update of a`,
    [id]
  );
  return rows[0] ?? null;
}

/** In start order; `from`/`to` keep those overlapping the window. */
export async function listHoldings(
  db: Queryable,
  f: HoldingFilter,
  after: [number, number] | null,
  limit: number
): Promise<HoldingRow[]> {
  const { rows } = await db.query<HoldingRow>(
    `select ${view} from allocations a join resources r on r.id = a.resource_id
     where ${ofKind}
       and ($1::int is null or a.resource_id = $1)
       and ($3::int is null or a.event_id = $3)
       and ($4::text is null or a.status = $4)
       and ($5::timestamptz is null or a.end_time > $5)
       and ($6::timestamptz is null or a.start_time < $6)
       and ($7::bigint is null or (a.start_time, a.id) > (to_timestamp($7::bigint / 1000.0), $8::int))
     order by a.start_time, a.id limit $9`,
    [
      f.resource_id ?? null,
      f.kind ?? null,
      f.event_id ?? null,
      f.status ?? null,
      f.from ?? null,
      f.to ?? null,
      after?.[0] ?? null,
      after?.[1] ?? null,
      limit
    ]
  );
  return rows;
}

const released = (where: string) => `with a as (
    update allocations set status = 'released', released_at = now(), released_reason = $2
    where ${where} and released_at is null returning *
  )
  select ${view} from a join resources r on r.id = a.resource_id order by a.start_time, a.id`;

export async function releaseHolding(tx: Queryable, id: number, reason: ReleasedReason): Promise<HoldingRow | null> {
  const { rows } = await tx.query<HoldingRow>(released('id = $1'), [id, reason]);
  return rows[0] ?? null;
}

/** Every live allocation of the event, whenever it is: the event is cancelled. */
export async function releaseLiveOfEvent(tx: Queryable, eventId: number): Promise<HoldingRow[]> {
  const { rows } = await tx.query<HoldingRow>(released('event_id = $1'), [eventId, 'event_cancelled']);
  return rows;
}

/** The live allocations and blocks of the resource that have not ended: the resource is deleted. */
export async function releaseFutureOfResource(tx: Queryable, resourceId: number): Promise<HoldingRow[]> {
  const { rows } = await tx.query<HoldingRow>(released('resource_id = $1 and end_time > now()'), [
    resourceId,
    'resource_deleted'
  ]);
  return rows;
}

/** The live allocations (not blocks) of the resource that have not ended, first ones first. */
export async function futureAllocationsOf(tx: Queryable, resourceId: number, limit: number): Promise<HoldingRow[]> {
  const { rows } = await tx.query<HoldingRow>(
    `select ${view} from allocations a join resources r on r.id = a.resource_id
     where a.resource_id = $1 and a.event_id is not null and a.released_at is null and a.end_time > now()
     order by a.start_time, a.id limit $2`,
    [resourceId, limit]
  );
  return rows;
}

/** Flags the event's active allocations that [start, end) no longer covers; their quantity stays held. */
export async function flagOutsideOfEvent(
  tx: Queryable,
  eventId: number,
  start: string,
  end: string
): Promise<HoldingRow[]> {
  const { rows } = await tx.query<HoldingRow>(
    `with a as (
       update allocations set status = 'conflict'
       where event_id = $1 and status = 'active' and (start_time < $2 or end_time > $3) returning *
     )
     select ${view} from a join resources r on r.id = a.resource_id order by a.start_time, a.id`,
    [eventId, start, end]
  );
  return rows;
}
