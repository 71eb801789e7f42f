// The local copies of other services' facts, kept from their events (SPEC §5): clients, events and users.
import type { Queryable } from '@style-flow/platform';

export type KnownClientRow = { id: number; name: string; status: 'active' | 'archived'; merged_into: number | null };
export type KnownEventRow = { id: number; title: string; status: 'scheduled' | 'cancelled' };

export async function knownClient(db: Queryable, id: number): Promise<KnownClientRow | null> {
  const { rows } = await db.query<KnownClientRow>(
    'select id, name, status, merged_into from known_clients where id = $1',
    [id]
  );
  return rows[0] ?? null;
}

/** The client as its last event says. Events of one client arrive in order (keyed by its id). */
export async function keepClient(tx: Queryable, c: KnownClientRow): Promise<void> {
  await tx.query(
    `insert into known_clients (id, name, status, merged_into) values ($1, $2, $3, $4)
     on conflict (id) do update set name = excluded.name, status = excluded.status,
       merged_into = excluded.merged_into, updated_at = now()`,
    [c.id, c.name, c.status, c.merged_into]
  );
}

/** `from` was merged into `into`: a payment for `from` is refused, naming `into`. */
export async function keepMerge(tx: Queryable, fromId: number, intoId: number): Promise<void> {
  await tx.query(`update known_clients set merged_into = $2, status = 'archived', updated_at = now() where id = $1`, [
    fromId,
    intoId
  ]);
}

export async function knownEvent(db: Queryable, id: number): Promise<KnownEventRow | null> {
  const { rows } = await db.query<KnownEventRow>('select id, title, status from known_events where id = $1', [id]);
  return rows[0] ?? null;
}

/** The event as its last event says; a cancelled event stays cancelled whatever arrives late. */
export async function keepEvent(tx: Queryable, e: KnownEventRow): Promise<void> {
  await tx.query(
    `insert into known_events (id, title, status) values ($1, $2, $3)
     on conflict (id) do update set title = excluded.title,
       status = case when known_events.status = 'cancelled' then 'cancelled' else excluded.status end,
       updated_at = now()`,
    [e.id, e.title, e.status]
  );
}

export async function keepUser(
  tx: Queryable,
  u: { id: number; username: string; email: string; first_name: string | null; last_name: string | null }
): Promise<void> {
  await tx.query(
    `insert into known_users (id, username, email, first_name, last_name) values ($1, $2, $3, $4, $5)
     on conflict (id) do update set username = excluded.username, email = excluded.email,
       first_name = excluded.first_name, last_name = excluded.last_name, updated_at = now()`,
    [u.id, u.username, u.email, u.first_name, u.last_name]
  );
}
