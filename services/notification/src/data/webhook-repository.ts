import type { Queryable } from '@style-flow/platform';

export type EndpointRow = {
  id: number;
  url: string;
  events: string[];
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: Date;
  updated_at: Date;
};

const columns = `id, url, events, description, secret, previous_secret, previous_secret_expires_at, enabled,
  disabled_reason, created_at, updated_at`;

export async function insertEndpoint(
  db: Queryable,
  e: { url: string; events: string[]; description: string | null; secret: string }
): Promise<EndpointRow> {
  const { rows } = await db.query<EndpointRow>(
    `insert into webhook_endpoints (url, events, description, secret) values ($1, $2, $3, $4) returning ${columns}`,
    [e.url, e.events, e.description, e.secret]
  );
  return rows[0]!;
}

export async function findEndpoint(db: Queryable, id: number): Promise<EndpointRow | null> {
  const { rows } = await db.query<EndpointRow>(`select ${columns} from webhook_endpoints where id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listEndpoints(db: Queryable, after: number | null, limit: number): Promise<EndpointRow[]> {
  const { rows } = await db.query<EndpointRow>(
    `select ${columns} from webhook_endpoints where ($1::int is null or id > $1) order by id limit $2`,
    [after, limit]
  );
  return rows;
}

export type EndpointChanges = Partial<Pick<EndpointRow, 'url' | 'events' | 'description' | 'enabled'>>;

/** Enabling an endpoint again forgets why it was disabled. */
export async function updateEndpoint(db: Queryable, id: number, c: EndpointChanges): Promise<EndpointRow | null> {
  const { rows } = await db.query<EndpointRow>(
    `update webhook_endpoints set url = coalesce($2, url), events = coalesce($3, events),
       description = case when $4 then $5 else description end, enabled = coalesce($6, enabled),
       disabled_reason = case when $6 then null else disabled_reason end, updated_at = now()
     where id = $1 returning ${columns}`,
    [id, c.url ?? null, c.events ?? null, c.description !== undefined, c.description ?? null, c.enabled ?? null]
  );
  return rows[0] ?? null;
}

export async function deleteEndpoint(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('delete from webhook_endpoints where id = $1', [id]);
  return rowCount === 1;
}

/** A new secret; the one it replaces keeps signing for `overlapMs` (a second rotation ends the one before at once). */
export async function rotateSecret(
  db: Queryable,
  id: number,
  secret: string,
  overlapMs: number
): Promise<EndpointRow | null> {
  const { rows } = await db.query<EndpointRow>(
    `update webhook_endpoints set previous_secret = secret, secret = $2,
       previous_secret_expires_at = now() + $3 * interval '1 millisecond', updated_at = now()
     where id = $1 returning ${columns}`,
    [id, secret, overlapMs]
  );
  return rows[0] ?? null;
}

/** Disables an endpoint; false when it was disabled already (whoever disables it first tells the admins). */
export async function disableEndpoint(db: Queryable, id: number, reason: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `update webhook_endpoints set enabled = false, disabled_reason = $2, updated_at = now() where id = $1 and enabled`,
    [id, reason]
  );
  return rowCount === 1;
}

/**
 * A delivery of a fact to every enabled endpoint whose filter matches its type, once per endpoint however often the
 * fact arrives. A filter's `*` stands for any run of characters (patterns hold only a-z, 0-9, `_`, `.` and `*`).
 */
export async function fanOut(tx: Queryable, f: { eventId: string; type: string; body: string }): Promise<number> {
  const { rowCount } = await tx.query(
    `insert into webhook_deliveries (endpoint_id, event_id, event_type, body)
     select e.id, $1, $2, $3 from webhook_endpoints e
     where e.enabled and exists (
       select 1 from unnest(e.events) p where $2 like replace(replace(p, '_', '\\_'), '*', '%') escape '\\')
     on conflict (endpoint_id, event_id) do nothing`,
    [f.eventId, f.type, f.body]
  );
  return rowCount ?? 0;
}
