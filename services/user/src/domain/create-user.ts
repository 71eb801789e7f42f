import { createAccountInAuth, type CallerHeaders, type NewAccount } from '../clients/auth-client.ts';
import { findUser, type User } from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';
import { addProfile } from './add-profile.ts';

/**
 * An admin's POST /users: the account is created in auth, which alone allocates ids (SPEC §3.2), and the
 * profile written now, so that the answer and an immediate GET show it; the auth.user.registered event that
 * follows finds it in place and changes nothing.
 */
export async function createUser(
  ctx: UserContext,
  admin: CallerHeaders & { userId: number },
  request: NewAccount
): Promise<User> {
  const a = await createAccountInAuth(ctx.settings.authUrls, admin, request);
  const account = {
    id: a.id,
    username: a.username,
    email: a.email,
    first_name: a.first_name,
    last_name: a.last_name,
    role: a.role,
    status: 'active' as const
  };
  return ctx.db.transaction(async (tx) => {
    const created = await addProfile(ctx, tx, account, { details: { by: admin.userId } }, admin.traceparent);
    return created ?? (await findUser(tx, account.id))!;
  });
}
