import type { EventData, UserCreated } from '@style-flow/contracts';
import type { Queryable } from '@style-flow/platform';
import { saveKnownUser } from '../data/known-repository.ts';

/** A user's current email, kept to match a registering user to the contacts of clients. */
export async function keepUser(tx: Queryable, user: EventData<typeof UserCreated>): Promise<void> {
  await saveKnownUser(tx, user.id, user.email);
}
