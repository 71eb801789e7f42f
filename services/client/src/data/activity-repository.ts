import type { ActivityTypeSchema } from '@style-flow/contracts';
import { mappingPgErrors, type Queryable } from '@style-flow/platform';
import type { Static } from 'typebox';

export type ActivityType = Static<typeof ActivityTypeSchema>;
export type ManualActivityType = Extract<ActivityType, 'call' | 'meeting' | 'email' | 'note' | 'task'>;
export type ActivitySource = 'manual' | 'system';

export type ActivityRow = {
  id: number;
  client_id: number;
  type: ActivityType;
  source: ActivitySource;
  description: string;
  occurred_at: Date;
  author_id: number | null;
  contact_id: number | null;
  payment_id: number | null;
  event_id: number | null;
  amount: string | null;
  currency: string | null;
  created_at: Date;
  updated_at: Date;
};

/** A manual entry as staff write it. */
export type ManualEntry = { type: ManualActivityType; description: string; occurred_at: string };

/** A system entry, from the consumed event `source_event_id`. */
export type SystemEntry = {
  client_id: number;
  type: ActivityType;
  description: string;
  occurred_at: string;
  source_event_id: string;
  contact_id?: number | null;
  payment_id?: number | null;
  event_id?: number | null;
  amount?: string | null;
  currency?: string | null;
};

const columns = `id, client_id, type, source, description, occurred_at, author_id, contact_id, payment_id, event_id,
  amount, currency, created_at, updated_at`;

// Timestamps are kept to the millisecond, as the API gives them and as the page position holds them.
const toMs = (param: string) => `date_trunc('milliseconds', ${param}::timestamptz)`;

export async function insertManualEntry(
  tx: Queryable,
  clientId: number,
  entry: ManualEntry,
  authorId: number
): Promise<ActivityRow> {
  const { rows } = await mappingPgErrors(() =>
    tx.query<ActivityRow>(
      `insert into activities (client_id, type, source, description, occurred_at, author_id)
       values ($1, $2, 'manual', $3, ${toMs('$4')}, $5) returning ${columns}`,
      [clientId, entry.type, entry.description, entry.occurred_at, authorId]
    )
  );
  return rows[0]!;
}

/** Null when this event was already logged for this client. */
export async function insertSystemEntry(tx: Queryable, e: SystemEntry): Promise<ActivityRow | null> {
  const { rows } = await tx.query<ActivityRow>(
    `insert into activities (client_id, type, source, description, occurred_at, source_event_id, contact_id,
       payment_id, event_id, amount, currency)
     values ($1, $2, 'system', $3, ${toMs('$4')}, $5, $6, $7, $8, $9, $10)
     on conflict (source_event_id, client_id) do nothing returning ${columns}`,
    [
      e.client_id,
      e.type,
      e.description,
      e.occurred_at,
      e.source_event_id,
      e.contact_id ?? null,
      e.payment_id ?? null,
      e.event_id ?? null,
      e.amount ?? null,
      e.currency ?? null
    ]
  );
  return rows[0] ?? null;
}

export async function findActivity(db: Queryable, clientId: number, id: number): Promise<ActivityRow | null> {
  const { rows } = await db.query<ActivityRow>(`select ${columns} from activities where id = $1 and client_id = $2`, [
    id,
    clientId
  ]);
  return rows[0] ?? null;
}

/** Changes a manual entry; null when the entry is a system one (the condition is in the UPDATE itself). */
export async function updateManualEntry(
  tx: Queryable,
  id: number,
  changes: Partial<ManualEntry>
): Promise<ActivityRow | null> {
  const { rows } = await mappingPgErrors(() =>
    tx.query<ActivityRow>(
      `update activities set type = coalesce($2, type), description = coalesce($3, description),
         occurred_at = coalesce(${toMs('$4')}, occurred_at), updated_at = now()
       where id = $1 and source = 'manual' returning ${columns}`,
      [id, changes.type ?? null, changes.description ?? null, changes.occurred_at ?? null]
    )
  );
  return rows[0] ?? null;
}

export type ActivityFilter = {
  type?: ActivityType | undefined;
  source?: ActivitySource | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

/**
 * Newest first. `after` is the (occurred_at in epoch milliseconds, id) of the last row of the previous page: the
 * times are kept to the millisecond, so the position is exact; one beyond the calendar is a class-22 error, a 400.
 */
export async function listActivity(
  db: Queryable,
  clientId: number,
  f: ActivityFilter,
  after: readonly [number, number] | null,
  limit: number
): Promise<ActivityRow[]> {
  const { rows } = await mappingPgErrors(() =>
    db.query<ActivityRow>(
      `select ${columns} from activities
       where client_id = $1 and ($2::text is null or type = $2) and ($3::text is null or source = $3)
         and ($4::timestamptz is null or occurred_at >= $4) and ($5::timestamptz is null or occurred_at <= $5)
         and ($6::bigint is null
           or (occurred_at, id) < (timestamptz 'epoch' + $6::bigint * interval '1 millisecond', $7))
       order by occurred_at desc, id desc limit $8`,
      [clientId, f.type ?? null, f.source ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? 0, limit]
    )
  );
  return rows;
}

/**
 * A merge: `fromId`'s timeline becomes `toId`'s. A fact both already had (a registration of someone who was a
 * contact of both) is kept once, on `toId`.
 */
export async function moveActivity(tx: Queryable, fromId: number, toId: number): Promise<number> {
  await tx.query(
    `delete from activities a where a.client_id = $1 and a.source_event_id is not null
       and exists (select 1 from activities b where b.client_id = $2 and b.source_event_id = a.source_event_id)`,
    [fromId, toId]
  );
  const { rowCount } = await tx.query('update activities set client_id = $2 where client_id = $1', [fromId, toId]);
  return rowCount;
}
