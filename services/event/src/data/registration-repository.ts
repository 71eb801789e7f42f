import type { RegistrationCancelReason } from '@style-flow/contracts';
import { mappingPgErrors, type ConstraintError, type Queryable } from '@style-flow/platform';

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

export async function insertRegistration(
  tx: Queryable,
  r: { eventId: number; userId: number; status: RegistrationStatus; holdSeconds: number | null; paymentId: number | null }
): Promise<RegistrationRow> {
  // The hold is measured on the database's clock, the one the sweeper compares it with.
  const { rows } = await mappingPgErrors(
    () =>
      tx.query<RegistrationRow>(
        `insert into registrations (event_id, user_id, status, hold_expires_at, payment_id)
         values ($1, $2, $3, now() + $4::int * interval '1 second', $5) returning ${columns}`,
        [r.eventId, r.userId, r.status, r.holdSeconds, r.paymentId]
      ),
    registrationConstraints
  );
  return rows[0]!;
}

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
