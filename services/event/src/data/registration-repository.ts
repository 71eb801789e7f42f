import type { Queryable } from '@style-flow/platform';

export type RegistrationStatus = 'confirmed' | 'pending_payment' | 'waitlisted' | 'cancelled';

export interface RegistrationRow {
  [column: string]: unknown;
  id: number;
  event_id: number;
  user_id: number;
  status: RegistrationStatus;
  hold_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const columns = 'id, event_id, user_id, status, hold_expires_at, created_at, updated_at';

export async function insertRegistration(tx: Queryable, r: { eventId: number; userId: number; status: RegistrationStatus; holdExpiresAt: Date | null }): Promise<RegistrationRow> {
  const { rows } = await tx.query<RegistrationRow>(
    `insert into registrations (event_id, user_id, status, hold_expires_at) values ($1, $2, $3, $4) returning ${columns}`,
    [r.eventId, r.userId, r.status, r.holdExpiresAt]
  );
  return rows[0]!;
}

export async function findRegistration(db: Queryable, eventId: number, id: number, lock = false): Promise<RegistrationRow | null> {
  const { rows } = await db.query<RegistrationRow>(`select ${columns} from registrations where event_id = $1 and id = $2${lock ? ' for update' : ''}`, [eventId, id]);
  return rows[0] ?? null;
}

export async function setRegistrationStatus(tx: Queryable, id: number, status: RegistrationStatus, holdExpiresAt: Date | null = null): Promise<RegistrationRow> {
  const { rows } = await tx.query<RegistrationRow>(
    `update registrations set status = $2, hold_expires_at = $3, updated_at = now() where id = $1 returning ${columns}`,
    [id, status, holdExpiresAt]
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

export async function listRegistrations(db: Queryable, f: { eventId: number; userId?: number | undefined; status?: string | undefined; afterId: number; limit: number }): Promise<RegistrationRow[]> {
  const { rows } = await db.query<RegistrationRow>(
    `select ${columns} from registrations
     where event_id = $1 and ($2::bigint is null or user_id = $2) and ($3::text is null or status = $3) and id > $4
     order by id limit $5`,
    [f.eventId, f.userId ?? null, f.status ?? null, f.afterId, f.limit]
  );
  return rows;
}
