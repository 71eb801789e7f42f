import { UserCreated } from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import { recordActivity, type ActivityEntry } from '../data/activity-repository.ts';
import { insertUserIfAbsent, snapshotOf, type Snapshot, type User } from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';

/**
 * The profile of an account auth created, with the id auth gave it (SPEC §1), its `registered` history entry
 * and `user.created`. An admin's POST /users and the auth.user.registered consumer both arrive here for the
 * same account; whichever comes second finds the profile in place and changes nothing (null).
 */
export async function addProfile(
  ctx: UserContext,
  tx: Queryable,
  account: Snapshot,
  registered: Omit<ActivityEntry, 'userId' | 'type'>,
  traceparent: string | undefined
): Promise<User | null> {
  const created = await insertUserIfAbsent(tx, account);
  if (!created) return null;
  await recordActivity(tx, { userId: created.id, type: 'registered', ...registered });
  await ctx.emit(tx, [eventOf(UserCreated, created.id, snapshotOf(created), traceparent)]);
  return created;
}
