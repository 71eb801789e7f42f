import { AppError, type Principal } from '@style-flow/platform';

/**
 * SPEC §2: a person sees their own registrations; managers and admins see anyone's (they run the events those
 * registrations are for). Whose list it is: the named user, or the caller when none is named.
 */
export function userRegistrationsVisibleTo(caller: Principal, userId: number | undefined): number {
  const whose = userId ?? caller.userId;
  if (whose !== caller.userId && caller.role !== 'admin' && caller.role !== 'manager')
    throw new AppError('FORBIDDEN', "Only managers and admins may list another person's registrations.");
  return whose;
}
