import type { Queryable } from '@style-flow/platform';

export type EventCopyRow = {
  event_id: number;
  title: string;
  start_date: Date;
  end_date: Date;
  location: string | null;
  status: string;
  /** The IANA zone it takes place in, where messages show its times; 'UTC' for an event whose facts named none. */
  time_zone: string;
};

const copyColumns = 'event_id, title, start_date, end_date, location, status, time_zone';

/** Keeps the copy of an event and returns the one it replaced (null for an event not known before). */
export async function keepEvent(tx: Queryable, e: EventCopyRow): Promise<EventCopyRow | null> {
  const { rows: before } = await tx.query<EventCopyRow>(
    `select ${copyColumns} from event_copies where event_id = $1 for update`,
    [e.event_id]
  );
  await tx.query(
    `insert into event_copies (${copyColumns}) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (event_id) do update set title = excluded.title, start_date = excluded.start_date,
       end_date = excluded.end_date, location = excluded.location, status = excluded.status,
       time_zone = excluded.time_zone, updated_at = now()`,
    [e.event_id, e.title, e.start_date, e.end_date, e.location, e.status, e.time_zone]
  );
  return before[0] ?? null;
}

export async function findEvent(db: Queryable, eventId: number): Promise<EventCopyRow | null> {
  const { rows } = await db.query<EventCopyRow>(
    `select ${copyColumns} from event_copies where event_id = $1`,
    [eventId]
  );
  return rows[0] ?? null;
}

export type RegistrationCopy = {
  registration_id: number;
  event_id: number;
  user_id: number;
  status: string;
  cancel_reason: string | null;
};

export async function keepRegistration(tx: Queryable, r: RegistrationCopy): Promise<void> {
  await tx.query(
    `insert into registration_copies (registration_id, event_id, user_id, status, cancel_reason)
     values ($1, $2, $3, $4, $5)
     on conflict (registration_id) do update set status = excluded.status, cancel_reason = excluded.cancel_reason`,
    [r.registration_id, r.event_id, r.user_id, r.status, r.cancel_reason]
  );
}

/**
 * Who to tell about an event's change: its live registrants, and with `cancelledWithIt` also those whose
 * registration the event's cancellation ended (that fact may arrive before the event's own, on another topic).
 */
export async function registrantsOf(tx: Queryable, eventId: number, cancelledWithIt: boolean): Promise<number[]> {
  const { rows } = await tx.query<{ user_id: number }>(
    `select distinct user_id from registration_copies
     where event_id = $1 and (status <> 'cancelled' or ($2 and cancel_reason = 'event_cancelled'))
     order by user_id`,
    [eventId, cancelledWithIt]
  );
  return rows.map((r) => r.user_id);
}
