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
