import type { Me } from '../../http/page-context.ts';

/**
 * Who may change an event, cancel it and see its registrations (SPEC §2): its organiser and admins. A manager who
 * does not organise it may still read it and work its door (check-in), so only those are offered to them; the API
 * decides again on every call.
 */
export const mayRunEvent = (me: Me, event: { organizer_id: number }): boolean =>
  me.role === 'admin' || event.organizer_id === me.id;
