// The local copy of users' names (SPEC §5), kept from user-events and auth.user.registered: a ticket prints the
// attendee's name as written.
import type { Queryable } from '@style-flow/platform';

export type KnownUserRow = { id: number; username: string; first_name: string | null; last_name: string | null };

/** The user as its last event on user-events says (the events of one user arrive in order, keyed by its id). */
export async function keepUser(tx: Queryable, u: KnownUserRow): Promise<void> {
  await tx.query(
    `insert into known_users (id, username, first_name, last_name) values ($1, $2, $3, $4)
     on conflict (id) do update set username = excluded.username, first_name = excluded.first_name,
       last_name = excluded.last_name, updated_at = now()`,
    [u.id, u.username, u.first_name, u.last_name]
  );
}

/**
 * The user as the auth service registered it, unless user-events has spoken already: that topic carries every later
 * change, and the two topics are not ordered with each other.
 */
export async function keepRegisteredUser(tx: Queryable, u: KnownUserRow): Promise<void> {
  await tx.query(
    `insert into known_users (id, username, first_name, last_name) values ($1, $2, $3, $4) on conflict (id) do nothing`,
    [u.id, u.username, u.first_name, u.last_name]
  );
}
