import type { Queryable } from '@style-flow/platform';
import { updateAccountFromUser, type AnnouncedUser } from '../data/account-repository.ts';
import type { AuthContext } from '../auth-context.ts';
import { endSessions } from './end-sessions.ts';

/**
 * The user service owns profiles, roles and status; auth keeps its copy in step, so that new tokens carry the
 * new role and a deactivated user can neither log in nor keep a session.
 */
export async function applyUserChange(
  ctx: AuthContext,
  tx: Queryable,
  user: AnnouncedUser,
  traceparent?: string
): Promise<void> {
  const account = await updateAccountFromUser(tx, user);
  if (account?.status === 'deactivated') {
    await endSessions(ctx, tx, { userId: account.id }, 'deactivated', traceparent);
  }
}
