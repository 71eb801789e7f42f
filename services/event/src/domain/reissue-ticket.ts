import { AppError, type Principal } from '@style-flow/platform';
import { lockEvent } from '../data/event-repository.ts';
import { lockRegistration } from '../data/registration-repository.ts';
import { bumpTicketVersion, findTicketHolder } from '../data/ticket-repository.ts';
import type { EventContext } from '../event-context.ts';
import { ticketFor, type Ticket } from './ticket-of.ts';

/**
 * A new issue of a ticket (after a name change, or a code shown to the wrong people): its version moves on, so the
 * old code is refused at the door as `revoked` from the moment this commits. The registrant or the event's staff;
 * anyone else is told there is no such registration.
 */
export async function reissueTicket(
  ctx: EventContext,
  eventId: number,
  registrationId: number,
  actor: Principal
): Promise<Ticket> {
  return ctx.db.transaction(async (tx) => {
    // The event row first, then the registration: the order every path takes, so none deadlocks another.
    const event = await lockEvent(tx, eventId);
    const locked = event ? await lockRegistration(tx, eventId, registrationId) : null;
    const holder = locked ? await findTicketHolder(tx, eventId, registrationId) : null;
    ticketFor(ctx, event, holder, actor, { eventId, registrationId });
    const version = await bumpTicketVersion(tx, registrationId);
    if (version === null)
      throw new AppError('CONFLICT', 'This ticket has been re-issued as often as a ticket code can count.');
    return ticketFor(ctx, event, { ...holder!, ticket_version: version }, actor, { eventId, registrationId });
  });
}
