import type { CheckInRow } from '../data/check-in-repository.ts';
import type { EventRow } from '../data/event-repository.ts';
import type { RegistrationRow } from '../data/registration-repository.ts';
import type { TicketKeys } from './ticket-keys.ts';

export function eventSnapshot(e: EventRow) {
  return {
    id: e.id,
    title: e.title,
    start_date: e.start_date.toISOString(),
    end_date: e.end_date.toISOString(),
    location: e.location,
    capacity: e.capacity,
    category_id: e.category_id,
    price: e.price,
    currency: e.currency,
    organizer_id: e.organizer_id,
    status: e.status,
    client_id: e.client_id,
    time_zone: e.time_zone
  };
}

/**
 * A registration as `event-registrations` carries it. Given the ticket keys, a confirmed one also carries its ticket's
 * signed code: the facts that confirm a seat are how the notification service mails the ticket without asking
 * this service, and only this service can sign it.
 */
export function registrationSnapshot(r: RegistrationRow, tickets?: Pick<TicketKeys, 'issue'>) {
  const ticket =
    tickets && r.status === 'confirmed'
      ? {
          ticket_code: tickets.issue({ eventId: r.event_id, registrationId: r.id, version: r.ticket_version }),
          ticket_version: r.ticket_version
        }
      : {};
  return {
    id: r.id,
    event_id: r.event_id,
    user_id: r.user_id,
    status: r.status,
    payment_id: r.payment_id,
    cancel_reason: r.cancel_reason,
    ...ticket
  };
}

export const isPaid = (price: string | null): boolean => price !== null && Number(price) > 0;

export function checkInSnapshot(c: CheckInRow, userId: number) {
  return {
    id: c.id,
    event_id: c.event_id,
    list_id: c.list_id,
    registration_id: c.registration_id,
    user_id: userId,
    ticket_version: c.ticket_version,
    scanner_id: c.scanner_id,
    scanned_at: c.scanned_at.toISOString(),
    recorded_at: c.created_at.toISOString(),
    forced: c.forced,
    conflicts: c.conflicts
  };
}
