import type { Queryable } from '@style-flow/platform';

export type DeliveryStatus = 'pending' | 'retrying' | 'delivered' | 'failed';

export type DeliveryRow = {
  id: string;
  endpoint_id: number;
  event_id: string;
  event_type: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date;
  created_at: Date;
};

export type AttemptRow = {
  delivery_id: string;
  attempted_at: Date;
  status_code: number | null;
  duration_ms: number;
  response: string | null;
  error: string | null;
};

/** An attempt as the list of deliveries gives it (built as JSON: its time is text). */
export type TryRow = Omit<AttemptRow, 'delivery_id' | 'attempted_at'> & { attempted_at: string };

const columns = 'id::text, endpoint_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at';

/**
 * Due deliveries to claim, at most `perEndpoint` under way for any endpoint (those other instances hold included),
 * oldest first across endpoints: a slow or dead endpoint's backlog takes its few places and leaves the rest of the
 * pool to the others.
 */
export async function dueDeliveries(
  db: Queryable,
  perEndpoint: number,
  limit: number
): Promise<Array<{ id: string; endpoint_id: number }>> {
  // Per enabled endpoint: its in-flight count (claimed rows, a tiny partial index) and its oldest due rows (an index
  // on endpoint and due time), so a round costs endpoints × places, not the whole backlog.
  const { rows } = await db.query<{ id: string; endpoint_id: number }>(
    `select d.id::text, e.id as endpoint_id from webhook_endpoints e
     cross join lateral (select count(*)::int as n from webhook_deliveries h
                         where h.endpoint_id = e.id and h.claimed_until >= now()) busy
     cross join lateral (select d.id, d.next_attempt_at from webhook_deliveries d
                         where d.endpoint_id = e.id and d.status in ('pending', 'retrying')
                           and d.next_attempt_at <= now() and (d.claimed_until is null or d.claimed_until < now())
                         order by d.next_attempt_at, d.id limit greatest($1 - busy.n, 0)) d
     where e.enabled
     order by d.next_attempt_at, d.id limit $2`,
    [perEndpoint, limit]
  );
  return rows;
}

/** Claims deliveries (SKIP LOCKED, leased until `leaseMs` from now); those another instance took meanwhile are left. */
export async function claimDeliveries(db: Queryable, ids: readonly string[], leaseMs: number): Promise<DeliveryRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<DeliveryRow>(
    `update webhook_deliveries set claimed_until = now() + $2 * interval '1 millisecond'
     where id in (select id from webhook_deliveries where id = any($1::bigint[]) and status in ('pending', 'retrying')
                    and (claimed_until is null or claimed_until < now()) for update skip locked)
     returning ${columns}`,
    [ids, leaseMs]
  );
  return rows;
}

export async function nextDeliveryDue(db: Queryable): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `select min(greatest(d.next_attempt_at, coalesce(d.claimed_until, d.next_attempt_at))) as at
     from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
     where d.status in ('pending', 'retrying')`
  );
  return rows[0]?.at ?? null;
}

/** One try and its outcome, in one transaction: the attempt's record and the delivery's next state. */
export async function recordAttempt(
  tx: Queryable,
  deliveryId: string,
  attempt: Omit<AttemptRow, 'delivery_id' | 'attempted_at'>,
  next: { status: DeliveryStatus; at: Date | null }
): Promise<void> {
  await tx.query(
    `insert into webhook_attempts (delivery_id, status_code, duration_ms, response, error) values ($1, $2, $3, $4, $5)`,
    [deliveryId, attempt.status_code, attempt.duration_ms, attempt.response, attempt.error]
  );
  await tx.query(
    `update webhook_deliveries set status = $2, attempts = attempts + 1, next_attempt_at = coalesce($3, next_attempt_at),
       claimed_until = null where id = $1`,
    [deliveryId, next.status, next.at]
  );
}

/** A delivery tried again from the start of its schedule (an admin's replay); null when it is not this endpoint's. */
export async function replayDelivery(db: Queryable, endpointId: number, id: number): Promise<DeliveryRow | null> {
  const { rows } = await db.query<DeliveryRow>(
    `update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(), claimed_until = null
     where id = $1 and endpoint_id = $2 returning ${columns}`,
    [id, endpointId]
  );
  return rows[0] ?? null;
}

/** An endpoint's deliveries, newest first, each with its attempts in order. */
export async function listDeliveries(
  db: Queryable,
  endpointId: number,
  after: number | null,
  limit: number
): Promise<Array<DeliveryRow & { tries: TryRow[] }>> {
  const { rows } = await db.query<DeliveryRow & { tries: TryRow[] }>(
    `select d.id::text as id, d.endpoint_id, d.event_id, d.event_type, d.body, d.status, d.attempts,
       d.next_attempt_at, d.created_at,
       coalesce((select json_agg(json_build_object('attempted_at', a.attempted_at, 'status_code', a.status_code,
                   'duration_ms', a.duration_ms, 'response', a.response, 'error', a.error) order by a.id)
                 from webhook_attempts a where a.delivery_id = d.id), '[]') as tries
     from webhook_deliveries d where d.endpoint_id = $1 and ($2::bigint is null or d.id < $2)
     order by d.id desc limit $3`,
    [endpointId, after, limit]
  );
  return rows;
}
