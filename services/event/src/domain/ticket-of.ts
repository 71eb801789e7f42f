import { AppError, type Principal } from '@style-flow/platform';
import { findEvent, type EventRow } from '../data/event-repository.ts';
import { findTicketHolder, type TicketHolderRow } from '../data/ticket-repository.ts';
import type { EventContext } from '../event-context.ts';
import { attendeeName } from './attendee-name.ts';
import { isEventStaff } from './event-rights.ts';

/** A confirmed registration's ticket: the event, the attendee's name, and the signed code its QR carries. */
export interface Ticket {
  event: EventRow;
  registrationId: number;
  userId: number;
  attendee: string;
  version: number;
  code: string;
}

const noTicket = (eventId: number, registrationId: number) =>
  new AppError('NOT_FOUND', `No registration ${registrationId} for event ${eventId}.`);

/**
 * The registrant or the event's staff may see a ticket; to anyone else the registration does not exist (404). Only a
 * confirmed registration has one: one held for payment gets it when paid, a waitlisted one when promoted.
 */
export function ticketFor(
  ctx: EventContext,
  event: EventRow | null,
  holder: TicketHolderRow | null,
  actor: Principal,
  ids: { eventId: number; registrationId: number }
): Ticket {
  if (!event || !holder || (holder.user_id !== actor.userId && !isEventStaff(event, actor)))
    throw noTicket(ids.eventId, ids.registrationId);
  if (holder.status !== 'confirmed')
    throw new AppError(
      'NOT_FOUND',
      `Registration ${holder.id} is ${holder.status.replace('_', ' ')}: only a confirmed registration has a ticket.`
    );
  return {
    event,
    registrationId: holder.id,
    userId: holder.user_id,
    attendee: attendeeName(holder, holder.user_id),
    version: holder.ticket_version,
    code: ctx.tickets.issue({ eventId: event.id, registrationId: holder.id, version: holder.ticket_version })
  };
}

export async function ticketOf(
  ctx: EventContext,
  eventId: number,
  registrationId: number,
  actor: Principal
): Promise<Ticket> {
  const [event, holder] = await Promise.all([
    findEvent(ctx.db, eventId),
    findTicketHolder(ctx.db, eventId, registrationId)
  ]);
  return ticketFor(ctx, event, holder, actor, { eventId, registrationId });
}
