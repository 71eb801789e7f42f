import { UserCreated, UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import { on, type EventHandler } from '@style-flow/platform';
import { keepUserCopy } from '../domain/keep-copies.ts';

/**
 * `user-events`: the payer's name and email for the invoices. (Current roles and revoked sessions are the
 * platform's handlers on the same topic, mounted for every service.)
 */
export function userEventsHandlers(): EventHandler[] {
  return [
    on(UserCreated, (tx, u) => keepUserCopy(tx, u)),
    on(UserUpdated, (tx, u) => keepUserCopy(tx, u)),
    on(UserRoleChanged, (tx, u) => keepUserCopy(tx, u)),
    on(UserDeactivated, (tx, u) => keepUserCopy(tx, u))
  ];
}
