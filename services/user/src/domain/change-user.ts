import { isDeepStrictEqual } from 'node:util';
import { UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import {
  AdvisoryLocks,
  AppError,
  eventOf,
  lockForTransaction,
  saveUserState,
  type OutboxEntry,
  type Queryable
} from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';
import {
  countActiveAdmins,
  lockUser,
  snapshotOf,
  updateUser,
  type User,
  type UserChanges
} from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';

export type Actor = { userId: number | null; via: 'api' | 'command' };

/** What the request asks that the profile does not hold already. */
function differences(current: User, requested: UserChanges): UserChanges {
  const entries = Object.entries(requested) as [keyof UserChanges, unknown][];
  return Object.fromEntries(
    entries.filter(([field, value]) => value !== undefined && !isDeepStrictEqual(current[field], value))
  ) as UserChanges;
}

/**
 * Applies a change to a profile and announces it: user.updated for any change, plus user.role_changed and
 * user.deactivated for those. A change to what the profile already holds does nothing and announces nothing,
 * which makes commands from other systems idempotent. Null when there is no such user. Runs in the caller's
 * transaction: a request's, or a consumer's together with its inbox claim.
 */
export async function changeUser(
  ctx: UserContext,
  tx: Queryable,
  id: number,
  requested: UserChanges,
  actor: Actor,
  traceparent?: string
): Promise<User | null> {
  // Role and status changes take turns, so two admins demoting each other cannot leave no admin at all.
  if (requested.role !== undefined || requested.status !== undefined) {
    await lockForTransaction(tx, AdvisoryLocks.userAdmins);
  }
  const current = await lockUser(tx, id);
  if (!current) return null;
  const changes = differences(current, requested);
  if (Object.keys(changes).length === 0) return current;

  const losesAdmin =
    current.role === 'admin' &&
    current.status === 'active' &&
    ((changes.role !== undefined && changes.role !== 'admin') || changes.status === 'deactivated');
  if (losesAdmin && (await countActiveAdmins(tx)) <= 1) {
    throw new AppError('UNPROCESSABLE', 'This is the last active admin; make another admin first.');
  }

  const updated = await updateUser(tx, id, changes);
  // This service's own checks follow the change at once; the others learn it from the events below.
  if (changes.role !== undefined || changes.status !== undefined) {
    await saveUserState(tx, id, updated.role, updated.status);
  }
  await ctx.emit(tx, await announce(tx, current, updated, changes, actor, traceparent));
  return updated;
}

/** The events of a change, with the history entries that go with them. */
async function announce(
  tx: Queryable,
  current: User,
  updated: User,
  changes: UserChanges,
  actor: Actor,
  traceparent: string | undefined
): Promise<OutboxEntry[]> {
  const id = updated.id;
  const snapshot = snapshotOf(updated);
  const events: OutboxEntry[] = [eventOf(UserUpdated, id, snapshot, traceparent)];
  const by = { by: actor.userId, via: actor.via };
  if (changes.role !== undefined) {
    events.push(eventOf(UserRoleChanged, id, { ...snapshot, previous_role: current.role }, traceparent));
    await recordActivity(tx, {
      userId: id,
      type: 'role_changed',
      details: { from: current.role, to: updated.role, ...by }
    });
  }
  if (changes.status === 'deactivated') {
    events.push(eventOf(UserDeactivated, id, snapshot, traceparent));
    await recordActivity(tx, { userId: id, type: 'deactivated', details: by });
  } else if (changes.status === 'active') {
    await recordActivity(tx, { userId: id, type: 'reactivated', details: by });
  }
  const profileFields = Object.keys(changes).filter((f) => f !== 'role' && f !== 'status');
  if (profileFields.length > 0) {
    await recordActivity(tx, { userId: id, type: 'profile_updated', details: { fields: profileFields, ...by } });
  }
  return events;
}
