import { AppError, type Principal } from '@style-flow/platform';
import type { EventRow } from '../data/event-repository.ts';

/**
 * SPEC §2: a manager changes only the events it organises; an admin changes any. The routes let only staff
 * this far, so anyone refused here is a manager: 403, since the event itself is public.
 */
export function assertCanManage(event: EventRow, actor: Principal): void {
  if (actor.role !== 'admin' && event.organizer_id !== actor.userId)
    throw new AppError('FORBIDDEN', 'Only the organiser or an admin may change this event.');
}

/** SPEC §2: tickets and check-ins are the staff's: the event's organiser, managers and admins. */
export const isEventStaff = (event: Pick<EventRow, 'organizer_id'>, actor: Principal): boolean =>
  actor.role === 'admin' || actor.role === 'manager' || event.organizer_id === actor.userId;

/** The door's work (check-in lists, scans, the check-ins): the event is public, so anyone else gets a 403. */
export function assertEventStaff(event: Pick<EventRow, 'organizer_id'>, actor: Principal): void {
  if (!isEventStaff(event, actor))
    throw new AppError('FORBIDDEN', "Only the event's organiser, managers and admins may check tickets in.");
}
