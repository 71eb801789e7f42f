import type { Queryable } from '@style-flow/platform';

/** What this service knows of an event (SPEC §5): its times and whether it is cancelled. */
export type KnownEventRow = {
  id: number;
  start_date: Date;
  end_date: Date;
  status: 'scheduled' | 'cancelled';
};

export type EventFact = {
  id: number;
  start_date: string;
  end_date: string;
  status: 'scheduled' | 'cancelled';
};

const columns = 'id, start_date, end_date, status';

export async function findKnownEvent(db: Queryable, id: number): Promise<KnownEventRow | null> {
  const { rows } = await db.query<KnownEventRow>(`select ${columns} from known_events where id = $1`, [id]);
  return rows[0] ?? null;
}

/**
 * The event's row under a share lock until the transaction ends: a cancellation (an update of the row) waits
 * for the allocation, and then releases it with the others; or the allocation waits and sees it cancelled.
 */
export async function lockKnownEvent(tx: Queryable, id: number): Promise<KnownEventRow | null> {
  const { rows } = await tx.query<KnownEventRow>(`select ${columns} from known_events where id = $1 for share`, [id]);
  return rows[0] ?? null;
}

/**
 * Keeps a first sighting (event.created, or the event service's answer) unless the event is known already:
 * what the copy holds came from event-events in order, or is at least as new.
 */
export async function rememberEvent(db: Queryable, e: EventFact): Promise<void> {
  await db.query(
    `insert into known_events (id, start_date, end_date, status) values ($1, $2, $3, $4)
     on conflict (id) do nothing`,
    [e.id, e.start_date, e.end_date, e.status]
  );
}

/** Keeps a change of the event; a cancelled event stays cancelled (cancelling is final). */
export async function recordEventChange(tx: Queryable, e: EventFact): Promise<void> {
  await tx.query(
    `insert into known_events (id, start_date, end_date, status) values ($1, $2, $3, $4)
     on conflict (id) do update set start_date = excluded.start_date, end_date = excluded.end_date,
       status = excluded.status, updated_at = now()
     where known_events.status <> 'cancelled'`,
    [e.id, e.start_date, e.end_date, e.status]
  );
}
