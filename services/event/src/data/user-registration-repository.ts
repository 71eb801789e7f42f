import { mappingPgErrors, type Queryable } from '@style-flow/platform';
import type { EventRow } from './event-repository.ts';
import type { RegistrationRow, RegistrationStatus } from './registration-repository.ts';

/** What a person's list shows of the event beside each registration. */
export type EventSummaryRow = Pick<
  EventRow,
  'id' | 'title' | 'start_date' | 'end_date' | 'location' | 'status' | 'price' | 'currency' | 'time_zone'
>;

export type UserRegistrationRow = RegistrationRow & { event: EventSummaryRow };

export type UserRegistrationFilter = {
  userId: number;
  status?: RegistrationStatus | undefined;
  /** Keep the registrations whose event overlaps this span, as GET /events does. */
  from?: string | undefined;
  to?: string | undefined;
};

/**
 * One person's registrations, whatever their status, in the order of their events' start (then id). `after` is the
 * (event start in epoch milliseconds, registration id) of the previous page's last row; one beyond the calendar is a
 * class-22 error, a 400. The registrations of one user are few, so the index on user_id finds them all and the sort
 * is cheap.
 */
export async function listUserRegistrations(
  db: Queryable,
  f: UserRegistrationFilter,
  after: readonly [number, number] | null,
  limit: number
): Promise<UserRegistrationRow[]> {
  const { rows } = await mappingPgErrors(() =>
    db.query<RegistrationRow & { e: EventSummaryRow & { start_date: string; end_date: string } }>(
      `select r.id, r.event_id, r.user_id, r.status, r.hold_expires_at, r.payment_id, r.cancel_reason,
         r.ticket_version, r.created_at, r.updated_at,
         json_build_object('id', e.id, 'title', e.title, 'start_date', e.start_date, 'end_date', e.end_date,
           'location', e.location, 'status', e.status, 'price', e.price::text, 'currency', e.currency,
           'time_zone', e.time_zone) as e
       from registrations r join events e on e.id = r.event_id
       where r.user_id = $1 and ($2::text is null or r.status = $2)
         and ($3::timestamptz is null or e.end_date >= $3) and ($4::timestamptz is null or e.start_date <= $4)
         and ($5::bigint is null
           or (e.start_date, r.id) > (timestamptz 'epoch' + $5::bigint * interval '1 millisecond', $6))
       order by e.start_date, r.id limit $7`,
      [f.userId, f.status ?? null, f.from ?? null, f.to ?? null, after?.[0] ?? null, after?.[1] ?? 0, limit]
    )
  );
  return rows.map(({ e, ...r }) => ({
    ...r,
    event: { ...e, start_date: new Date(e.start_date), end_date: new Date(e.end_date) }
  }));
}
