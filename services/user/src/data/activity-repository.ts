import type { Queryable } from '@style-flow/platform';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type Activity = {
  id: number;
  user_id: number;
  type: string;
  details: Record<string, unknown>;
  occurred_at: Date;
  /** occurred_at in microseconds since the epoch: a Date keeps only milliseconds, a cursor needs all of it. */
  occurred_us: number;
};

export type ActivityEntry = {
  userId: number;
  type: string;
  details?: Record<string, unknown>;
  occurredAt?: string | Date;
  /** The event it was learned from: a redelivery of that event records nothing more. */
  sourceEventId?: string;
};

export async function recordActivity(tx: Queryable, a: ActivityEntry): Promise<void> {
  await tx.query(
    `insert into activity (user_id, type, details, occurred_at, source_event_id)
     values ($1, $2, $3, coalesce($4::timestamptz, now()), $5)
     on conflict (source_event_id) do nothing`,
    [a.userId, a.type, JSON.stringify(a.details ?? {}), a.occurredAt ?? null, a.sourceEventId ?? null]
  );
}

const micros = '(extract(epoch from occurred_at) * 1000000)::bigint';

/** Newest first; the position is (occurred_us, id) of the last row of the previous page. */
export async function listActivity(
  db: Queryable,
  userId: number,
  after: readonly [number, number] | null,
  limit: number
): Promise<Activity[]> {
  const { rows } = await db.query<Activity>(
    `select id, user_id, type, details, occurred_at, ${micros} as occurred_us from activity
     where user_id = $1 and ($2::bigint is null or (${micros}, id) < ($2::bigint, $3::bigint))
     order by occurred_at desc, id desc limit $4`,
    [userId, after?.[0] ?? null, after?.[1] ?? 0, limit]
  );
  return rows;
}
