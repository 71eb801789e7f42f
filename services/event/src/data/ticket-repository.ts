import type { Queryable } from '@style-flow/platform';
import type { RegistrationStatus } from './registration-repository.ts';

/** A registration as its ticket needs it: whose, in which state, which issue of the ticket, and the name to print. */
export type TicketHolderRow = {
  id: number;
  event_id: number;
  user_id: number;
  status: RegistrationStatus;
  ticket_version: number;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
};

const select = `select r.id, r.event_id, r.user_id, r.status, r.ticket_version, u.username, u.first_name, u.last_name
  from registrations r left join known_users u on u.id = r.user_id where r.id = $1 and r.event_id = $2`;

export async function findTicketHolder(
  db: Queryable,
  eventId: number,
  registrationId: number
): Promise<TicketHolderRow | null> {
  const { rows } = await db.query<TicketHolderRow>(select, [registrationId, eventId]);
  return rows[0] ?? null;
}

/**
 * The registration, share-locked until the transaction ends: a scan checks its state and ticket version under the
 * lock, so a cancellation or a re-issue (which lock it to change it) waits for the scan's commit, or the scan for
 * theirs and then sees what they did.
 */
export async function lockTicketHolder(
  tx: Queryable,
  eventId: number,
  registrationId: number
): Promise<TicketHolderRow | null> {
  const { rows } = await tx.query<TicketHolderRow>(`${select} for share of r`, [registrationId, eventId]);
  return rows[0] ?? null;
}

/** The next issue of a registration's ticket (the caller holds its row lock); null past the last the code holds. */
export async function bumpTicketVersion(tx: Queryable, registrationId: number): Promise<number | null> {
  const { rows } = await tx.query<{ ticket_version: number }>(
    `update registrations set ticket_version = ticket_version + 1, updated_at = now()
     where id = $1 and ticket_version < 65535 returning ticket_version`,
    [registrationId]
  );
  return rows[0]?.ticket_version ?? null;
}
