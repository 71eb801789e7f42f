// The local copy of clients, kept from client-events (SPEC §5): an event's client_id is checked against it first.
import type { Queryable } from '@style-flow/platform';

export type KnownClientRow = { id: number; status: 'active' | 'archived'; merged_into: number | null };

export async function knownClient(db: Queryable, id: number): Promise<KnownClientRow | null> {
  const { rows } = await db.query<KnownClientRow>('select id, status, merged_into from known_clients where id = $1', [
    id
  ]);
  return rows[0] ?? null;
}

/** The client as its last event says. Events of one client arrive in order (keyed by its id). */
export async function keepClient(tx: Queryable, c: KnownClientRow): Promise<void> {
  await tx.query(
    `insert into known_clients (id, status, merged_into) values ($1, $2, $3)
     on conflict (id) do update set status = excluded.status, merged_into = excluded.merged_into, updated_at = now()`,
    [c.id, c.status, c.merged_into]
  );
}

/** `fromId` was merged into `intoId`, and is archived: remembered even before its own events arrive. */
export async function keepMerge(tx: Queryable, fromId: number, intoId: number): Promise<void> {
  await tx.query(
    `insert into known_clients (id, status, merged_into) values ($1, 'archived', $2)
     on conflict (id) do update set status = 'archived', merged_into = excluded.merged_into, updated_at = now()`,
    [fromId, intoId]
  );
}
