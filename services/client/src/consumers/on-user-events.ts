import { UserCreated, UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepUser } from '../domain/keep-user.ts';

/**
 * `user-events`: each user's current email, so that a registering user is matched to contacts by the email it
 * has now (an email change keeps the matching right). Every event of the topic carries the user as it is.
 */
export function userEventsHandlers(): EventHandler[] {
  return [UserCreated, UserUpdated, UserRoleChanged, UserDeactivated].map((definition) =>
    on(definition, (tx, user) => keepUser(tx, user))
  );
}
