import type { RegistrationCancelReason } from '@style-flow/contracts';
import { mappingPgErrors, prepared, type ConstraintError, type Queryable } from '@style-flow/platform';

export type RegistrationStatus = 'confirmed' | 'pending_payment' | 'waitlisted' | 'cancelled';
export type { RegistrationCancelReason };

// A type, not an interface with an index signature: a misspelt column does not compile.
export type RegistrationRow = {
  id: number;
  event_id: number;
  user_id: number;
  status: RegistrationStatus;
  hold_expires_at: Date | null;
  payment_id: number | null;
  cancel_reason: RegistrationCancelReason | null;
  /** The issue of its ticket: a re-issue moves it on and revokes the code of the one before. */
  ticket_version: number;
  created_at: Date;
  updated_at: Date;
};

const columns =
  'id, event_id, user_id, status, hold_expires_at, payment_id, cancel_reason, ticket_version, created_at, updated_at';

const registrationConstraints: Record<string, ConstraintError> = {
  // One live registration per user and event.
  registrations_live_key: { code: 'ALREADY_REGISTERED', detail: 'This user is already registered for this event.' }
};

// The whole of a registration's seat decision in one statement, so the event's row lock is held for three round
// trips (this statement, the outbox row, the commit) instead of five. `event` locks the row first, as every path that
// frees a seat does, whether a seat is left or not: a registration that joins the waitlist is then ordered before a
// cancellation that looks for someone to promote. Every decision and the new count are computed from the row `event`
// locked, never from the statement's snapshot: the snapshot is taken before the lock is granted, so it may still show
// the count from before a cancellation that committed while this statement waited. (A WHERE on the snapshot's row
// would skip the UPDATE and waitlist the newcomer beside a free seat; the CHECK would be evaluated on the snapshot's
// `e.seats_taken + 1` before PostgreSQL re-reads the newest row, and refuse it.) The lock is ours until the commit,
// so the locked count is the count. `seat` claims by a conditional UPDATE of that row, and the CHECK
// seats_taken <= capacity stays the last word. The INSERT takes its status from whether the UPDATE returned a row,
// and inserts nothing for a closed event (cancelled, or started without a free seat). The event's status and start
// come back with the row, so a refusal needs no second query; no row at all: no such event. Prepared: every
// registration runs it.
const enrolStatement = prepared(
  `with event as (
     select id, status, start_date, seats_taken, capacity, price from events where id = $1 for update
   ), seat as (
     update events e set seats_taken = event.seats_taken + 1, updated_at = now()
     from event
     where e.id = event.id and event.status = 'scheduled' and ($3::boolean or event.start_date > now())
       and event.seats_taken < event.capacity
     returning e.id
   ), decided as (
     select event.id as event_id,
       case when not exists (select from seat) then 'waitlisted'
            when event.price > 0 and $5::bigint is null then 'pending_payment'
            else 'confirmed' end as status
     from event
     where exists (select from seat) or (event.status = 'scheduled' and event.start_date > now())
   ), inserted as (
     insert into registrations (event_id, user_id, status, hold_expires_at, payment_id)
     select event_id, $2::bigint, status,
       case when status = 'pending_payment' then now() + $4::int * interval '1 second' end, $5::bigint
     from decided
     returning ${columns}
   )
   select event.status as event_status, event.start_date as event_start_date, inserted.*
   from event left join inserted on true`
);

/** What enrolment found: the registration made, or none and why (the event's state, or no event at all). */
export type Enrolment =
  | { registration: RegistrationRow; event: { status: string; start_date: Date } }
  | { registration: null; event: { status: string; start_date: Date } | null };

/**
 * Locks the event, claims a seat when one is free (the event open — or started, when `afterStart`), and inserts the
 * registration — confirmed, held for `holdSeconds` when the event has a price and no `paymentId` is given, or
 * waitlisted when the event is open but full — in one statement. A second live registration of the user is
 * ALREADY_REGISTERED (the unique index).
 */
export async function enrolRegistration(
  tx: Queryable,
  e: { eventId: number; userId: number; afterStart: boolean; holdSeconds: number; paymentId: number | null }
): Promise<Enrolment> {
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<{ event_status: string; event_start_date: Date } & Nullable<RegistrationRow>>(enrolStatement, [
        e.eventId,
        e.userId,
        e.afterStart,
        e.holdSeconds,
        e.paymentId
      ]),
    registrationConstraints
  );
  const row = rows[0];
  if (!row) return { registration: null, event: null };
  const { event_status, event_start_date, ...registration } = row;
  const event = { status: event_status, start_date: event_start_date };
  if (registration.id === null) return { registration: null, event };
  return { registration: registration as RegistrationRow, event };
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** A registration of an event, locked (the caller has locked the event's row first). */
export async function lockRegistration(tx: Queryable, eventId: number, id: number): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(
    `select ${columns} from registrations where event_id = $1 and id = $2 for update`,
    [eventId, id]
  );
  return rows[0] ?? null;
}

/** The one registration of a user for an event that is not cancelled, locked. */
export async function lockLiveRegistration(
  tx: Queryable,
  eventId: number,
  userId: number
): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(
    `select ${columns} from registrations where event_id = $1 and user_id = $2 and status <> 'cancelled' for update`,
    [eventId, userId]
  );
  return rows[0] ?? null;
}

/** The newest registration of a user for an event, whatever its status. */
export async function latestRegistration(
  db: Queryable,
  eventId: number,
  userId: number
): Promise<RegistrationRow | null> {
  const { rows } = await db.query<RegistrationRow>(
    `select ${columns} from registrations where event_id = $1 and user_id = $2 order by id desc limit 1`,
    [eventId, userId]
  );
  return rows[0] ?? null;
}

/** The newest registration a payment paid for, locked. */
export async function lockRegistrationOfPayment(tx: Queryable, paymentId: number): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(
    `select ${columns} from registrations where payment_id = $1 order by id desc limit 1 for update`,
    [paymentId]
  );
  return rows[0] ?? null;
}

export async function setRegistrationStatus(
  tx: Queryable,
  id: number,
  status: RegistrationStatus,
  more: { holdSeconds?: number | null; paymentId?: number | null; cancelReason?: RegistrationCancelReason | null } = {}
): Promise<RegistrationRow> {
  const { rows } = await tx.query<RegistrationRow>(
    `update registrations set status = $2, hold_expires_at = now() + $3::int * interval '1 second',
       payment_id = coalesce($4, payment_id), cancel_reason = $5, updated_at = now()
     where id = $1 returning ${columns}`,
    [id, status, more.holdSeconds ?? null, more.paymentId ?? null, more.cancelReason ?? null]
  );
  return rows[0]!;
}

/** Remembers the payment of a waitlisted registration, so that it is confirmed, not held, when its turn comes. */
export async function attachPayment(tx: Queryable, id: number, paymentId: number): Promise<void> {
  await tx.query('update registrations set payment_id = $2, updated_at = now() where id = $1', [id, paymentId]);
}

/** Every live registration of a cancelled event, cancelled; the event's seat count is reset by its caller. */
export async function cancelAllRegistrations(tx: Queryable, eventId: number): Promise<RegistrationRow[]> {
  const { rows } = await tx.query<RegistrationRow>(
    `update registrations set status = 'cancelled', hold_expires_at = null, cancel_reason = 'event_cancelled',
       updated_at = now()
     where event_id = $1 and status <> 'cancelled' returning ${columns}`,
    [eventId]
  );
  return rows;
}

/** The first `n` on the waitlist, oldest first, locked for promotion. */
export async function lockNextWaitlisted(tx: Queryable, eventId: number, n: number): Promise<RegistrationRow[]> {
  const { rows } = await tx.query<RegistrationRow>(
    `select ${columns} from registrations where event_id = $1 and status = 'waitlisted' order by id limit $2 for update`,
    [eventId, n]
  );
  return rows;
}

/** Events with holds that ran out, oldest hold first. */
export async function eventsWithExpiredHolds(db: Queryable, limit: number): Promise<number[]> {
  const { rows } = await db.query<{ event_id: number }>(
    `select event_id from registrations where status = 'pending_payment' and hold_expires_at <= now()
     group by event_id order by min(hold_expires_at) limit $1`,
    [limit]
  );
  return rows.map((r) => r.event_id);
}

/** An event's holds that ran out, locked (its event row is locked first by the caller). */
export async function lockExpiredHolds(tx: Queryable, eventId: number): Promise<RegistrationRow[]> {
  const { rows } = await tx.query<RegistrationRow>(
    `select ${columns} from registrations
     where event_id = $1 and status = 'pending_payment' and hold_expires_at <= now() order by id for update`,
    [eventId]
  );
  return rows;
}

/** The events that have not started for which a user holds a live registration. */
export async function futureEventsOf(db: Queryable, userId: number): Promise<number[]> {
  const { rows } = await db.query<{ event_id: number }>(
    `select r.event_id from registrations r join events e on e.id = r.event_id
     where r.user_id = $1 and r.status <> 'cancelled' and e.start_date > now() order by r.event_id`,
    [userId]
  );
  return rows.map((r) => r.event_id);
}

export type RegistrationFilter = {
  eventId: number;
  /** Only this user's registrations (a caller who does not see them all). */
  userId?: number | undefined;
  status?: RegistrationStatus | undefined;
};

/** In id order (the waitlist's order), after the id of the previous page's last row. */
export async function listRegistrations(
  db: Queryable,
  f: RegistrationFilter,
  afterId: number | null,
  limit: number
): Promise<RegistrationRow[]> {
  const { rows } = await db.query<RegistrationRow>(
    `select ${columns} from registrations
     where event_id = $1 and ($2::bigint is null or user_id = $2) and ($3::text is null or status = $3) and id > $4
     order by id limit $5`,
    [f.eventId, f.userId ?? null, f.status ?? null, afterId ?? 0, limit]
  );
  return rows;
}
