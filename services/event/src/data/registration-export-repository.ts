import type { Queryable } from '@style-flow/platform';
import type { RegistrationFilter, RegistrationStatus } from './registration-repository.ts';

/** A registration as the export shows it: the attendee's names and where and when its ticket checked in. */
export type RegistrationExportRow = {
  id: number;
  user_id: number;
  status: RegistrationStatus;
  created_at: Date;
  ticket_version: number;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  /** The earliest scan of its ticket on any list; null when it has not checked in. */
  first_checked_in_at: Date | null;
  /** The lists it checked in on, by name. */
  check_in_lists: string[] | null;
};

/**
 * One batch of an event's registrations for the export, in id order after `afterId`: the export reads batch after
 * batch as the client takes them (keyset pagination), so no result set is ever held whole.
 */
export async function exportBatch(
  db: Queryable,
  f: RegistrationFilter,
  afterId: number,
  limit: number
): Promise<RegistrationExportRow[]> {
  const { rows } = await db.query<RegistrationExportRow>(
    `select r.id, r.user_id, r.status, r.created_at, r.ticket_version, u.username, u.first_name, u.last_name,
       c.first_checked_in_at, c.check_in_lists
     from registrations r
       left join known_users u on u.id = r.user_id
       left join lateral (
         select min(ci.scanned_at) as first_checked_in_at, array_agg(distinct l.name order by l.name) as check_in_lists
         from check_ins ci join check_in_lists l on l.id = ci.list_id
         where ci.event_id = r.event_id and ci.registration_id = r.id
       ) c on true
     where r.event_id = $1 and ($2::bigint is null or r.user_id = $2) and ($3::text is null or r.status = $3) and r.id > $4
     order by r.id limit $5`,
    [f.eventId, f.userId ?? null, f.status ?? null, afterId, limit]
  );
  return rows;
}
