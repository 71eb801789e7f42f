import { mappingPgErrors, prepared, type ConstraintError, type Queryable } from '@style-flow/platform';
import type { EventResourceRow } from './event-resource-repository.ts';

export type EventStatus = 'scheduled' | 'cancelled';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type EventRow = {
  id: number;
  title: string;
  description: string | null;
  start_date: Date;
  end_date: Date;
  location: string | null;
  capacity: number;
  category_id: number;
  price: string | null;
  currency: string | null;
  organizer_id: number;
  status: EventStatus;
  seats_taken: number;
  /** The client organisation the event is run for (the client service owns it). */
  client_id: number | null;
  /** The IANA zone it takes place in: how its instants are shown, not what they are. */
  time_zone: string;
  created_at: Date;
  updated_at: Date;
};

export type EventInput = {
  title: string;
  description: string | null;
  start_date: string;
  end_date: string;
  location: string | null;
  capacity: number;
  category_id: number;
  price: string | null;
  currency: string | null;
  client_id: number | null;
  time_zone: string;
};

const columns = `id, title, description, start_date, end_date, location, capacity, category_id, price, currency,
  organizer_id, status, seats_taken, client_id, time_zone, created_at, updated_at`;

// The columns PUT /events may change, in the order of the SET list; nothing else reaches the SQL text.
const changeable = [
  'title',
  'description',
  'start_date',
  'end_date',
  'location',
  'capacity',
  'category_id',
  'price',
  'currency',
  'client_id',
  'time_zone'
] as const satisfies readonly (keyof EventInput)[];

const eventConstraints: Record<string, ConstraintError> = {
  events_category_id_fkey: { code: 'UNKNOWN_CATEGORY', detail: 'There is no such category.', path: '/category_id' }
};

// Prepared: GET /events/{id} runs it on every call.
const findEventQuery = prepared(`select ${columns} from events where id = $1`);

// GET /events/{id} in one round trip and one snapshot: the event's columns and how many of its tickets have checked
// in (on any list) on every row, and one row per allocated resource (no resource: one row whose resource columns are
// null). All but the event's own columns are prefixed `r_`. Prepared, as every call runs it.
const eventWithResourcesQuery = prepared(
  `select ${columns.replaceAll(/(\w+)/g, 'e.$1')}, c.checked_in_count as r_checked_in_count,
     r.allocation_id as r_allocation_id, r.resource_id as r_resource_id, r.resource_name as r_resource_name,
     r.resource_type_id as r_resource_type_id, r.quantity as r_quantity, r.start_time as r_start_time,
     r.end_time as r_end_time
   from events e
     cross join lateral (select count(distinct registration_id)::int as checked_in_count from check_ins
       where event_id = e.id) c
     left join event_resources r on r.event_id = e.id and not r.released
   where e.id = $1 order by r.start_time, r.allocation_id`
);

type ResourceColumns = {
  r_checked_in_count: number;
  r_allocation_id: number | null;
  r_resource_id: number;
  r_resource_name: string;
  r_resource_type_id: number;
  r_quantity: number;
  r_start_time: Date;
  r_end_time: Date;
};

/**
 * The event, the resources allocated to it (not released) in time order, and how many of its tickets have checked
 * in; null when there is no such event.
 */
export async function findEventWithResources(
  db: Queryable,
  id: number
): Promise<{ event: EventRow; resources: EventResourceRow[]; checkedIn: number } | null> {
  const { rows } = await db.query<EventRow & ResourceColumns>(eventWithResourcesQuery, [id]);
  const first = rows[0];
  if (!first) return null;
  const event = Object.fromEntries(Object.entries(first).filter(([k]) => !k.startsWith('r_'))) as EventRow;
  const resources: EventResourceRow[] = [];
  for (const r of rows) {
    if (r.r_allocation_id === null) continue;
    resources.push({
      allocation_id: r.r_allocation_id,
      event_id: r.id,
      resource_id: r.r_resource_id,
      resource_name: r.r_resource_name,
      resource_type_id: r.r_resource_type_id,
      quantity: r.r_quantity,
      start_time: r.r_start_time,
      end_time: r.r_end_time
    });
  }
  return { event, resources, checkedIn: first.r_checked_in_count };
}

export async function findEvent(db: Queryable, id: number): Promise<EventRow | null> {
  const { rows } = await db.query<EventRow>(findEventQuery, [id]);
  return rows[0] ?? null;
}

/** The event's row, locked until the transaction ends: every path locks it before its registrations. */
export async function lockEvent(tx: Queryable, id: number): Promise<EventRow | null> {
  const { rows } = await tx.query<EventRow>(`select ${columns} from events where id = $1 for update`, [id]);
  return rows[0] ?? null;
}

export async function insertEvent(tx: Queryable, e: EventInput, organizerId: number): Promise<EventRow> {
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<EventRow>(
        `insert into events (title, description, start_date, end_date, location, capacity, category_id, price, currency,
           client_id, time_zone, organizer_id)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning ${columns}`,
        [
          e.title,
          e.description,
          e.start_date,
          e.end_date,
          e.location,
          e.capacity,
          e.category_id,
          e.price,
          e.currency,
          e.client_id,
          e.time_zone,
          organizerId
        ]
      ),
    eventConstraints
  );
  return rows[0]!;
}

export async function updateEvent(tx: Queryable, id: number, changes: Partial<EventInput>): Promise<EventRow> {
  const fields = changeable.filter((f) => changes[f] !== undefined);
  const sets = fields.map((f, i) => `${f} = $${i + 2}`);
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<EventRow>(
        `update events set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning ${columns}`,
        [id, ...fields.map((f) => changes[f])]
      ),
    eventConstraints
  );
  return rows[0]!;
}

/**
 * The events of client `fromId` now name `intoId`, which took it over in a merge. Their rows are locked in id
 * order, as one event at a time is everywhere else, so this never deadlocks with a registration.
 */
export async function repointClient(tx: Queryable, fromId: number, intoId: number): Promise<EventRow[]> {
  const { rows } = await tx.query<EventRow>(
    `update events set client_id = $2, updated_at = now()
     where id in (select id from events where client_id = $1 order by id for update) returning ${columns}`,
    [fromId, intoId]
  );
  return rows;
}

/** Cancelled, with no seat taken: its registrations are cancelled in the same transaction. */
export async function markEventCancelled(tx: Queryable, id: number): Promise<EventRow> {
  const { rows } = await tx.query<EventRow>(
    `update events set status = 'cancelled', seats_taken = 0, updated_at = now() where id = $1 returning ${columns}`,
    [id]
  );
  return rows[0]!;
}

/** Seats given to promoted registrations; the caller holds the event's row lock and counted the free seats. */
export async function takeSeats(tx: Queryable, eventId: number, seats: number): Promise<void> {
  await tx.query('update events set seats_taken = seats_taken + $2, updated_at = now() where id = $1', [
    eventId,
    seats
  ]);
}

/** Seats given back by cancelled registrations; the caller holds the event's row lock. */
export async function freeSeats(tx: Queryable, eventId: number, seats: number): Promise<void> {
  await tx.query('update events set seats_taken = seats_taken - $2, updated_at = now() where id = $1', [
    eventId,
    seats
  ]);
}

export type EventFilter = {
  category_id?: number | undefined;
  status?: EventStatus | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** An ILIKE pattern (containsPattern). */
  like?: string | undefined;
  organizer_id?: number | undefined;
};

/**
 * In start order; `from`/`to` keep the events that overlap that span. `after` is the (start in epoch
 * milliseconds, id) of the last row of the previous page: start dates are stored as the API's instants, to
 * the millisecond, so the position is exact; one beyond the calendar is a class-22 error, a 400.
 */
export async function listEvents(
  db: Queryable,
  f: EventFilter,
  after: readonly [number, number] | null,
  limit: number
): Promise<EventRow[]> {
  const { rows } = await mappingPgErrors(() =>
    db.query<EventRow>(
      `select ${columns} from events
       where ($1::int is null or category_id = $1) and ($2::text is null or status = $2)
         and ($3::timestamptz is null or end_date >= $3) and ($4::timestamptz is null or start_date <= $4)
         and ($5::text is null or title ilike $5 or description ilike $5) and ($6::bigint is null or organizer_id = $6)
         and ($7::bigint is null or (start_date, id) > (timestamptz 'epoch' + $7::bigint * interval '1 millisecond', $8))
       order by start_date, id limit $9`,
      [
        f.category_id ?? null,
        f.status ?? null,
        f.from ?? null,
        f.to ?? null,
        f.like ?? null,
        f.organizer_id ?? null,
        after?.[0] ?? null,
        after?.[1] ?? 0,
        limit
      ]
    )
  );
  return rows;
}
