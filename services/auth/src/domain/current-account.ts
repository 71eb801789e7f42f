import { AppError, type Principal } from '@style-flow/platform';
import type { AccountRow } from '../data/account-repository.ts';
import { accountOfActiveSession } from '../data/session-repository.ts';
import type { AuthContext } from '../auth-context.ts';

/**
 * The account behind a verified token, read from auth's own tables: the session must still be open and the
 * account active, whatever the events have told the platform's copy so far. Its role is the current one.
 */
export async function currentAccount(ctx: AuthContext, principal: Principal): Promise<AccountRow> {
  const account = await accountOfActiveSession(ctx.db, principal.sessionId, principal.userId);
  if (!account) {
    throw new AppError('UNAUTHENTICATED', 'The session of this access token has ended.', {
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' }
    });
  }
  return account;
}
