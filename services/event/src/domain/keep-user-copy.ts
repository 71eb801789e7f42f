import type { AuthUserRegistered, EventData, UserUpdated } from '@style-flow/contracts';
import type { Queryable } from '@style-flow/platform';
import { keepRegisteredUser, keepUser } from '../data/known-user-repository.ts';

// The local copy of users' names (SPEC §5), written in the consumer's transaction with the inbox claim.

const nameFields = (u: EventData<typeof UserUpdated> | EventData<typeof AuthUserRegistered>) => ({
  id: u.id,
  username: u.username,
  first_name: u.first_name,
  last_name: u.last_name
});

export const keepUserCopy = (tx: Queryable, u: EventData<typeof UserUpdated>) => keepUser(tx, nameFields(u));

export const keepRegisteredUserCopy = (tx: Queryable, u: EventData<typeof AuthUserRegistered>) =>
  keepRegisteredUser(tx, nameFields(u));
