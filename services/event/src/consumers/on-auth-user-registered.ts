import { AuthUserRegistered } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepRegisteredUserCopy } from '../domain/keep-user-copy.ts';

/** `auth.user.registered`: a new user's name, for a ticket printed before the user service has announced it. */
export function authUserRegisteredHandlers(): EventHandler[] {
  return [on(AuthUserRegistered, (tx, user) => keepRegisteredUserCopy(tx, user))];
}
