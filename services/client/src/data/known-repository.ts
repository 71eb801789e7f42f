import type { Queryable } from '@style-flow/platform';

// Local copies of what other services announce, kept only as far as this service needs them.

export type KnownEventRow = { id: number; title: string; start_date: Date; client_id: number | null };

/** A user's current email, to match a registering user to the contacts of clients. */
export async function saveKnownUser(tx: Queryable, id: number, email: string): Promise<void> {
  await tx.query(
    `insert into known_users (id, email) values ($1, $2)
     on conflict (id) do update set email = excluded.email, updated_at = now()`,
    [id, email]
  );
}

export async function knownUserEmail(tx: Queryable, id: number): Promise<string | null> {
  const { rows } = await tx.query<{ email: string }>('select email from known_users where id = $1', [id]);
  return rows[0]?.email ?? null;
}

/** An event's title and client, to name it on the timeline. */
export async function saveKnownEvent(tx: Queryable, e: KnownEventRow): Promise<void> {
  await tx.query(
    `insert into known_events (id, title, start_date, client_id) values ($1, $2, $3, $4)
     on conflict (id) do update
       set title = excluded.title, start_date = excluded.start_date, client_id = excluded.client_id, updated_at = now()`,
    [e.id, e.title, e.start_date, e.client_id]
  );
}

export async function findKnownEvent(tx: Queryable, id: number): Promise<KnownEventRow | null> {
  const { rows } = await tx.query<KnownEventRow>(
    'select id, title, start_date, client_id from known_events where id = $1',
    [id]
  );
  return rows[0] ?? null;
}
