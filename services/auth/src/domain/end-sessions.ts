import { AuthUserLogout } from '@style-flow/contracts';
import { eventOf, type Queryable } from '@style-flow/platform';
import { revokeSessions } from '../data/session-repository.ts';
import type { AuthContext } from '../auth-context.ts';

export type LogoutReason = 'logout' | 'refresh_token_reuse' | 'password_reset' | 'deactivated';

/**
 * Ends sessions and announces each (auth.user.logout), so the gateway and every service refuse their access
 * tokens; every way a session ends passes through here.
 */
export async function endSessions(
  ctx: AuthContext,
  tx: Queryable,
  which: { sessionId: string } | { userId: number },
  reason: LogoutReason,
  traceparent?: string
): Promise<number> {
  const ended = await revokeSessions(tx, which, reason);
  const at = new Date();
  // An access token of the session lives at most accessTtl from now: after that the revocation may be forgotten.
  const expiresAt = new Date(at.getTime() + ctx.settings.accessTtlSeconds * 1000).toISOString();
  await ctx.emit(
    tx,
    ended.map((s) =>
      eventOf(
        AuthUserLogout,
        s.user_id,
        { user_id: s.user_id, session_id: s.id, reason, at: at.toISOString(), expires_at: expiresAt },
        traceparent
      )
    )
  );
  return ended.length;
}

/** The caller's own session ends (POST /auth/logout). */
export function logOut(ctx: AuthContext, sessionId: string, traceparent?: string): Promise<number> {
  return ctx.db.transaction((tx) => endSessions(ctx, tx, { sessionId }, 'logout', traceparent));
}
