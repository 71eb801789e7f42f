import type { Static } from 'typebox';
import type { CheckInListRow } from '../data/check-in-list-repository.ts';
import type { CheckInListed, CheckInRow } from '../data/check-in-repository.ts';
import { attendeeName } from '../domain/attendee-name.ts';
import type { FirstCheckIn } from '../domain/check-in-ticket.ts';
import type { PublicTicketKey } from '../domain/ticket-keys.ts';
import type { Ticket } from '../domain/ticket-of.ts';
import type { CheckInListView, CheckInView, FirstCheckInView, TicketKeyView, TicketView } from './check-in-schemas.ts';

export function ticketView(t: Ticket): Static<typeof TicketView> {
  return {
    event_id: t.event.id,
    registration_id: t.registrationId,
    user_id: t.userId,
    attendee_name: t.attendee,
    ticket_version: t.version,
    code: t.code,
    event: {
      title: t.event.title,
      start_date: t.event.start_date.toISOString(),
      end_date: t.event.end_date.toISOString(),
      location: t.event.location,
      time_zone: t.event.time_zone
    }
  };
}

export function ticketKeyView(eventId: number, key: PublicTicketKey): Static<typeof TicketKeyView> {
  return {
    event_id: eventId,
    algorithm: 'Ed25519',
    code_format: 'style-flow-ticket-1',
    public_key: key.raw,
    public_key_pem: key.pem,
    jwk: key.jwk
  };
}

export function checkInListView(l: CheckInListRow): Static<typeof CheckInListView> {
  return {
    id: l.id,
    event_id: l.event_id,
    name: l.name,
    is_default: l.is_default,
    checked_in_count: l.checked_in_count,
    created_at: l.created_at.toISOString()
  };
}

export function firstCheckInView(c: FirstCheckIn): Static<typeof FirstCheckInView> {
  return {
    id: c.id,
    list_id: c.list_id,
    list_name: c.list_name,
    scanned_at: c.scanned_at.toISOString(),
    recorded_at: c.created_at.toISOString(),
    scanner_id: c.scanner_id
  };
}

/** A check-in with what a steward reads: its list's name and the attendee's name. */
export function checkInView(
  c: CheckInRow,
  about: { listName: string; userId: number; attendee: string }
): Static<typeof CheckInView> {
  return {
    id: c.id,
    event_id: c.event_id,
    list_id: c.list_id,
    list_name: about.listName,
    registration_id: c.registration_id,
    user_id: about.userId,
    attendee_name: about.attendee,
    ticket_version: c.ticket_version,
    scanner_id: c.scanner_id,
    scanned_at: c.scanned_at.toISOString(),
    recorded_at: c.created_at.toISOString(),
    forced: c.forced,
    conflicts: c.conflicts,
    duplicate_of: c.duplicate_of
  };
}

export const listedCheckInView = (c: CheckInListed) =>
  checkInView(c, { listName: c.list_name, userId: c.user_id, attendee: attendeeName(c, c.user_id) });
