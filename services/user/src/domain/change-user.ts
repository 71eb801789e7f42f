import { isDeepStrictEqual } from 'node:util';
import { UserDeactivated, UserRoleChanged, UserUpdated } from '@style-flow/contracts';
import { AppError, eventOf, saveUserState, type OutboxEntry, type Queryable } from '@style-flow/platform';
import { recordActivity } from '../data/activity-repository.ts';
import {
  countActiveAdmins,
  findUser,
  snapshotOf,
  updateUser,
  type User,
  type UserChanges
} from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';

// Role and status changes take this lock, so two admins demoting each other cannot leave no admin at all.
const ADMINS_LOCK = 7_013_201;

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
  actor: { userId: number | null; via: 'api' | 'command' },
  traceparent?: string
): Promise<User | null> {
  {
    if (requested.role !== undefined || requested.status !== undefined)
      await tx.query('select pg_advisory_xact_lock($1)', [ADMINS_LOCK]);
    const current = await findUser(tx, id, true);
    if (!current) return null;
    const changes = Object.fromEntries(
      Object.entries(requested).filter(
        ([field, value]) => value !== undefined && !isDeepStrictEqual(current[field], value)
      )
    ) as UserChanges;
    const fields = Object.keys(changes);
    if (fields.length === 0) return current;

    const losesAdmin =
      current.role === 'admin' &&
      current.status === 'active' &&
      ((changes.role !== undefined && changes.role !== 'admin') || changes.status === 'deactivated');
    if (losesAdmin && (await countActiveAdmins(tx)) <= 1) {
      throw new AppError('UNPROCESSABLE', 'This is the last active admin; make another admin first.');
    }

    const updated = await updateUser(tx, id, changes);
    // This service's own checks follow the change at once; the others learn it from the events below.
    if (changes.role !== undefined || changes.status !== undefined)
      await saveUserState(tx, id, updated.role, updated.status);
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
    const profileFields = fields.filter((f) => f !== 'role' && f !== 'status');
    if (profileFields.length > 0)
      await recordActivity(tx, { userId: id, type: 'profile_updated', details: { fields: profileFields, ...by } });
    await ctx.emit(tx, events);
    return updated;
  }
}
