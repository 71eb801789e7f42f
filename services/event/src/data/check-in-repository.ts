import type { CheckInConflictReason } from '@style-flow/contracts';
import { prepared, type Queryable } from '@style-flow/platform';

// A type, not an interface with an index signature: a misspelt column does not compile.
export type CheckInRow = {
  id: number;
  event_id: number;
  list_id: number;
  registration_id: number;
  ticket_version: number;
  scanner_id: number;
  scanned_at: Date;
  created_at: Date;
  forced: boolean;
  /** A forced scan of a ticket already used on the list, recorded beside the first (`duplicate_of`). */
  duplicate: boolean;
  duplicate_of: number | null;
  conflicts: CheckInConflictReason[];
};

/** A check-in as lists show it: with its list's name, and the registrant and the name a ticket prints. */
export type CheckInListed = CheckInRow & {
  list_name: string;
  user_id: number;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
};

const columns = `c.id, c.event_id, c.list_id, c.registration_id, c.ticket_version, c.scanner_id, c.scanned_at, c.created_at,
  c.forced, c.duplicate, c.duplicate_of, c.conflicts`;

/** The event a scan is for and the list it goes on: the list named, or the event's default list. */
export type ScanTarget = { organizer_id: number; list_id: number | null; list_name: string | null };

// Prepared: every scan runs it.
const scanTargetQuery = prepared(
  `select e.organizer_id, l.id as list_id, l.name as list_name
   from events e left join check_in_lists l on l.event_id = e.id and (l.id = $2 or ($2::bigint is null and l.is_default))
   where e.id = $1`
);

export async function findScanTarget(db: Queryable, eventId: number, listId: number | null): Promise<ScanTarget | null> {
  const { rows } = await db.query<ScanTarget>(scanTargetQuery, [eventId, listId]);
  return rows[0] ?? null;
}

/** Which scan a nonce names: one scanner's, at one event. */
export type ScanKey = { eventId: number; scannerId: number; nonce: string };
export type ScanAnswerRow = { status: number; body: unknown; location: string | null };

/**
 * Keeps a scan's answer under its nonce, in the scan's transaction; false when the nonce has an answer already. The
 * unique key makes a second scan of the same nonce wait here until the first commits (then this one is refused and
 * gives the first's answer back) or rolls back (then this one keeps its own).
 */
export async function keepScanAnswer(
  tx: Queryable,
  key: ScanKey,
  fingerprint: string,
  answer: ScanAnswerRow
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into check_in_scans (event_id, scanner_id, nonce, fingerprint, answer_status, answer_body, answer_location)
     values ($1, $2, $3, $4, $5, $6::json, $7) on conflict (event_id, scanner_id, nonce) do nothing`,
    [key.eventId, key.scannerId, key.nonce, fingerprint, answer.status, JSON.stringify(answer.body), answer.location]
  );
  return rowCount === 1;
}

/** The answer kept for a nonce, and the fingerprint of the scan that got it. */
export async function findScan(
  db: Queryable,
  key: ScanKey
): Promise<{ fingerprint: string; answer: ScanAnswerRow } | null> {
  const { rows } = await db.query<{
    fingerprint: string;
    answer_status: number;
    answer_body: unknown;
    answer_location: string | null;
  }>(
    `select fingerprint, answer_status, answer_body, answer_location from check_in_scans
     where event_id = $1 and scanner_id = $2 and nonce = $3`,
    [key.eventId, key.scannerId, key.nonce]
  );
  const row = rows[0];
  return row
    ? {
        fingerprint: row.fingerprint,
        answer: { status: row.answer_status, body: row.answer_body, location: row.answer_location }
      }
    : null;
}

export type NewCheckIn = {
  eventId: number;
  listId: number;
  registrationId: number;
  ticketVersion: number;
  scannerId: number;
  /** An instant; null: now, on the database's clock. */
  scannedAt: string | null;
  forced: boolean;
  conflicts: readonly CheckInConflictReason[];
};

const insertColumns = `(event_id, list_id, registration_id, ticket_version, scanner_id, scanned_at, forced, conflicts,
  duplicate, duplicate_of)`;

/**
 * Records the ticket's check-in on the list unless it has one there: the unique index decides, so under any
 * concurrency exactly one scan per ticket and list gets a row; null for every other.
 */
export async function insertCheckIn(tx: Queryable, c: NewCheckIn): Promise<CheckInRow | null> {
  const { rows } = await tx.query<CheckInRow>(
    `insert into check_ins as c ${insertColumns}
     values ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), $7, $8::text[], false, null)
     on conflict (list_id, registration_id) where not duplicate do nothing
     returning ${columns}`,
    [c.eventId, c.listId, c.registrationId, c.ticketVersion, c.scannerId, c.scannedAt, c.forced, c.conflicts]
  );
  return rows[0] ?? null;
}

/** Records a forced scan of a ticket already used on the list, beside the check-in that holds it. */
export async function insertDuplicateCheckIn(tx: Queryable, c: NewCheckIn, duplicateOf: number): Promise<CheckInRow> {
  const { rows } = await tx.query<CheckInRow>(
    `insert into check_ins as c ${insertColumns}
     values ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now()), true, $7::text[], true, $8)
     returning ${columns}`,
    [c.eventId, c.listId, c.registrationId, c.ticketVersion, c.scannerId, c.scannedAt, c.conflicts, duplicateOf]
  );
  return rows[0]!;
}

/** The check-in that holds a ticket's place on a list (the first recorded), with the list's name. */
export async function firstCheckIn(
  tx: Queryable,
  listId: number,
  registrationId: number
): Promise<(CheckInRow & { list_name: string }) | null> {
  const { rows } = await tx.query<CheckInRow & { list_name: string }>(
    `select ${columns}, l.name as list_name from check_ins c join check_in_lists l on l.id = c.list_id
     where c.list_id = $1 and c.registration_id = $2 and not c.duplicate`,
    [listId, registrationId]
  );
  return rows[0] ?? null;
}

export type CheckInFilter = { eventId: number; listId?: number | undefined; registrationId?: number | undefined };

/** An event's check-ins in the order recorded, after the id of the previous page's last row. */
export async function listCheckIns(
  db: Queryable,
  f: CheckInFilter,
  afterId: number | null,
  limit: number
): Promise<CheckInListed[]> {
  const { rows } = await db.query<CheckInListed>(
    `select ${columns}, l.name as list_name, r.user_id, u.username, u.first_name, u.last_name
     from check_ins c join check_in_lists l on l.id = c.list_id join registrations r on r.id = c.registration_id
       left join known_users u on u.id = r.user_id
     where c.event_id = $1 and ($2::bigint is null or c.list_id = $2) and ($3::bigint is null or c.registration_id = $3)
       and c.id > $4
     order by c.id limit $5`,
    [f.eventId, f.listId ?? null, f.registrationId ?? null, afterId ?? 0, limit]
  );
  return rows;
}
