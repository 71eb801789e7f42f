import type { RegistrationCancelReason } from '@style-flow/contracts';
import type { Queryable } from '@style-flow/platform';

export type RegistrationStatus = 'confirmed' | 'pending_payment' | 'waitlisted' | 'cancelled';
export type { RegistrationCancelReason };

export interface RegistrationRow {
  [column: string]: unknown;
  id: number;
  event_id: number;
  user_id: number;
  status: RegistrationStatus;
  hold_expires_at: Date | null;
  payment_id: number | null;
  cancel_reason: RegistrationCancelReason | null;
  created_at: Date;
  updated_at: Date;
}

export const registrationColumns = 'id, event_id, user_id, status, hold_expires_at, payment_id, cancel_reason, created_at, updated_at';
const columns = registrationColumns;

export async function insertRegistration(
  tx: Queryable,
  r: { eventId: number; userId: number; status: RegistrationStatus; holdSeconds: number | null; paymentId?: number | null }
): Promise<RegistrationRow> {
  // The hold is measured on the database's clock, the one the sweeper compares it with.
  const { rows } = await tx.query<RegistrationRow>(
    `insert into registrations (event_id, user_id, status, hold_expires_at, payment_id)
     values ($1, $2, $3, now() + $4::int * interval '1 second', $5) returning ${columns}`,
    [r.eventId, r.userId, r.status, r.holdSeconds, r.paymentId ?? null]
  );
  return rows[0]!;
}

export async function findRegistration(db: Queryable, eventId: number, id: number, lock = false): Promise<RegistrationRow | null> {
  const { rows } = await db.query<RegistrationRow>(`select ${columns} from registrations where event_id = $1 and id = $2${lock ? ' for update' : ''}`, [eventId, id]);
  return rows[0] ?? null;
}

/** The one registration of a user for an event that is not cancelled, locked. */
export async function findLiveRegistration(tx: Queryable, eventId: number, userId: number): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(
    `select ${columns} from registrations where event_id = $1 and user_id = $2 and status <> 'cancelled' for update`,
    [eventId, userId]
  );
  return rows[0] ?? null;
}

/** The newest registration of a user for an event, whatever its status. */
export async function latestRegistration(tx: Queryable, eventId: number, userId: number): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(`select ${columns} from registrations where event_id = $1 and user_id = $2 order by id desc limit 1`, [eventId, userId]);
  return rows[0] ?? null;
}

export async function findByPayment(tx: Queryable, paymentId: number): Promise<RegistrationRow | null> {
  const { rows } = await tx.query<RegistrationRow>(`select ${columns} from registrations where payment_id = $1 order by id desc limit 1 for update`, [paymentId]);
  return rows[0] ?? null;
}

export async function setRegistrationStatus(
  tx: Queryable,
  id: number,
  status: RegistrationStatus,
  more: { holdSeconds?: number | null; paymentId?: number | null; cancelReason?: RegistrationCancelReason | null } = {}
): Promise<RegistrationRow> {
  const { rows } = await tx.query<RegistrationRow>(
    `update registrations set status = $2, hold_expires_at = now() + $3::int * interval '1 second', payment_id = coalesce($4, payment_id),
       cancel_reason = $5, updated_at = now()
     where id = $1 returning ${columns}`,
    [id, status, more.holdSeconds ?? null, more.paymentId ?? null, more.cancelReason ?? null]
  );
  return rows[0]!;
}

/** The first `n` on the waitlist, oldest first, locked for promotion. */
export async function nextWaitlisted(tx: Queryable, eventId: number, n: number): Promise<RegistrationRow[]> {
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
    `select ${columns} from registrations where event_id = $1 and status = 'pending_payment' and hold_expires_at <= now() order by id for update`,
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

export async function listRegistrations(db: Queryable, f: { eventId: number; userId?: number | undefined; status?: string | undefined; afterId: number; limit: number }): Promise<RegistrationRow[]> {
  const { rows } = await db.query<RegistrationRow>(
    `select ${columns} from registrations
     where event_id = $1 and ($2::bigint is null or user_id = $2) and ($3::text is null or status = $3) and id > $4
     order by id limit $5`,
    [f.eventId, f.userId ?? null, f.status ?? null, f.afterId, f.limit]
  );
  return rows;
}
