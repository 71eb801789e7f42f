import { signAccessToken } from '@style-flow/platform';
import type { AccountRow } from '../data/account-repository.ts';
import type { AuthContext } from '../auth-context.ts';

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** The pair a login or a refresh answers with: a signed access token for the session, and its refresh token. */
export async function tokenPair(
  ctx: AuthContext,
  account: Pick<AccountRow, 'id' | 'role'>,
  sessionId: string,
  refreshToken: string
): Promise<TokenPair> {
  const { accessTtlSeconds } = ctx.settings;
  const claims = { userId: account.id, role: account.role, sessionId };
  const access = await signAccessToken(ctx.config.jwt.secret, claims, accessTtlSeconds);
  return { access_token: access, refresh_token: refreshToken, token_type: 'Bearer', expires_in: accessTtlSeconds };
}

/** When a refresh token issued now stops working (and its session with it, unless refreshed). */
export function refreshExpiry(ctx: AuthContext): Date {
  return new Date(Date.now() + ctx.settings.refreshTtlSeconds * 1000);
}
