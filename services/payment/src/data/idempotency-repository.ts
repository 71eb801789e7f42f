import type { Queryable } from '@style-flow/platform';

export type IdempotencyRow = {
  id: number;
  fingerprint: string;
  state: 'running' | 'done';
  answer_status: number | null;
  answer_body: unknown;
  answer_location: string | null;
  /** Whether the running request's lease has run out (it crashed, or is stuck). */
  abandoned: boolean;
};

const columns = `id, fingerprint, state, answer_status, answer_body, answer_location, locked_until <= now() as abandoned`;

/**
 * Claims a key for a request in a statement of its own (committed at once, so every instance sees it). The row
 * it returns is this request's claim when `created` is true, else the claim someone else holds or held. A claim
 * older than `keepHours` has expired and is replaced as if it had never been.
 */
export async function claimKey(
  db: Queryable,
  c: { scope: string; key: string; fingerprint: string; leaseMs: number; keepHours: number }
): Promise<IdempotencyRow & { created: boolean }> {
  await db.query(
    `delete from idempotency_keys where scope = $1 and key = $2 and created_at < now() - $3::int * interval '1 hour'`,
    [c.scope, c.key, c.keepHours]
  );
  // A claim committed by another request while this statement waited on it is not in this statement's snapshot:
  // then neither part returns a row, and the next statement sees it.
  for (let attempt = 1; ; attempt++) {
    const { rows } = await db.query<IdempotencyRow & { created: boolean }>(
      `with inserted as (
         insert into idempotency_keys (scope, key, fingerprint, state, locked_until)
         values ($1, $2, $3, 'running', now() + $4::int * interval '1 millisecond')
         on conflict (scope, key) do nothing
         returning ${columns}, true as created)
       select * from inserted
       union all
       select ${columns}, false as created from idempotency_keys where scope = $1 and key = $2`,
      [c.scope, c.key, c.fingerprint, c.leaseMs]
    );
    const claim = rows.find((r) => r.created) ?? rows[0];
    if (claim) return claim;
    if (attempt === 5) throw new Error(`the Idempotency-Key claim of ${c.scope} neither inserts nor reads`);
  }
}

/** Takes over a claim whose request was abandoned (its lease ran out); false when someone else took it first. */
export async function takeOverKey(db: Queryable, id: number, leaseMs: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `update idempotency_keys set locked_until = now() + $2::int * interval '1 millisecond'
     where id = $1 and state = 'running' and locked_until <= now()`,
    [id, leaseMs]
  );
  return rowCount === 1;
}

/** Keeps the first answer, to replay to every later request with the key. */
export async function completeKey(
  db: Queryable,
  id: number,
  answer: { status: number; body: unknown; location: string | null }
): Promise<void> {
  await db.query(
    `update idempotency_keys set state = 'done', answer_status = $2, answer_body = $3::jsonb, answer_location = $4
     where id = $1`,
    [id, answer.status, JSON.stringify(answer.body), answer.location]
  );
}

/** Forgets a claim whose request did nothing (refused before any effect, or a dependency was down). */
export async function releaseKey(db: Queryable, id: number): Promise<void> {
  await db.query(`delete from idempotency_keys where id = $1 and state = 'running'`, [id]);
}

/** Ends the lease of a claim whose request failed unexpectedly: a retry takes it over and finds what was done. */
export async function abandonKey(db: Queryable, id: number): Promise<void> {
  await db.query(`update idempotency_keys set locked_until = now() where id = $1 and state = 'running'`, [id]);
}

/** Keys past their keeping time, removed by the sweeper. */
export async function deleteExpiredKeys(db: Queryable, keepHours: number): Promise<number> {
  const { rowCount } = await db.query(
    `delete from idempotency_keys where created_at < now() - $1::int * interval '1 hour'`,
    [keepHours]
  );
  return rowCount;
}
