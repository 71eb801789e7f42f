import type { Queryable } from '@style-flow/platform';

export interface EventRow {
  [column: string]: unknown;
  id: number;
  title: string;
  description: string | null;
  start_date: Date;
  end_date: Date;
  location: string | null;
  capacity: number;
  category_id: number;
  price: string | null;
  currency: string | null;
  organizer_id: number;
  status: 'scheduled' | 'cancelled';
  seats_taken: number;
  created_at: Date;
  updated_at: Date;
  start_us: number;
}

const columns = `id, title, description, start_date, end_date, location, capacity, category_id, price, currency, organizer_id, status,
  seats_taken, created_at, updated_at, (extract(epoch from start_date) * 1000000)::bigint as start_us`;

export async function findEvent(db: Queryable, id: number, lock = false): Promise<EventRow | null> {
  const { rows } = await db.query<EventRow>(`select ${columns} from events where id = $1${lock ? ' for update' : ''}`, [id]);
  return rows[0] ?? null;
}

export interface EventInput {
  title: string;
  description: string | null;
  start_date: string;
  end_date: string;
  location: string | null;
  capacity: number;
  category_id: number;
  price: string | null;
  currency: string | null;
}

export async function insertEvent(tx: Queryable, e: EventInput, organizerId: number): Promise<EventRow> {
  const { rows } = await tx.query<EventRow>(
    `insert into events (title, description, start_date, end_date, location, capacity, category_id, price, currency, organizer_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning ${columns}`,
    [e.title, e.description, e.start_date, e.end_date, e.location, e.capacity, e.category_id, e.price, e.currency, organizerId]
  );
  return rows[0]!;
}

export async function updateEvent(tx: Queryable, id: number, changes: Partial<EventInput>): Promise<EventRow> {
  const fields = Object.keys(changes) as (keyof EventInput)[];
  const sets = fields.map((f, i) => `${f} = $${i + 2}`);
  const { rows } = await tx.query<EventRow>(
    `update events set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1 returning ${columns}`,
    [id, ...fields.map((f) => changes[f])]
  );
  return rows[0]!;
}

export interface EventFilter {
  category_id?: number | undefined;
  status?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
  organizer_id?: number | undefined;
  after: [number, number] | null;
  limit: number;
}

/** In start order; `from`/`to` keep the events that overlap that span. */
export async function listEvents(db: Queryable, f: EventFilter): Promise<EventRow[]> {
  const like = f.q === undefined ? null : `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<EventRow>(
    `select ${columns} from events
     where ($1::int is null or category_id = $1) and ($2::text is null or status = $2)
       and ($3::timestamptz is null or end_date >= $3) and ($4::timestamptz is null or start_date <= $4)
       and ($5::text is null or title ilike $5 or description ilike $5) and ($6::bigint is null or organizer_id = $6)
       and ($7::bigint is null or ((extract(epoch from start_date) * 1000000)::bigint, id) > ($7::bigint, $8::bigint))
     order by start_date, id limit $9`,
    [f.category_id ?? null, f.status ?? null, f.from ?? null, f.to ?? null, like, f.organizer_id ?? null, f.after?.[0] ?? null, f.after?.[1] ?? 0, f.limit]
  );
  return rows;
}
