import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { AppError } from '../errors/app-error.ts';

import { roles, type Role } from '@style-flow/contracts';

export { roles, type Role };

/** Who is calling, as proven by a verified access token. */
export interface Principal {
  userId: number;
  role: Role;
  sessionId: string;
  tokenId: string;
  expiresAt: number;
}

export interface AccessTokenClaims {
  userId: number;
  role: Role;
  sessionId: string;
}

const ALGORITHM = 'HS256';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Signs an access token with the claims of SPEC §3.1: sub, role, sid, jti, iat, exp. */
export async function signAccessToken(
  secret: string,
  claims: AccessTokenClaims,
  ttlSeconds: number,
  now = Date.now()
): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new SignJWT({ role: claims.role, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(String(claims.userId))
    .setJti(randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key(secret));
}

export interface TokenVerifierOptions {
  secret: string;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Verifies an access token: signature with HS256 only (alg pinned), expiry and claims. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const secret = key(options.secret);
  return async (token) => {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, secret, {
        algorithms: [ALGORITHM],
        requiredClaims: ['sub', 'exp', 'iat', 'jti']
      }));
    } catch (error) {
      const detail =
        error instanceof joseErrors.JWTExpired ? 'The access token has expired.' : 'The access token is invalid.';
      throw new AppError('UNAUTHENTICATED', detail, {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' }
      });
    }
    const userId = Number(payload.sub);
    const role = payload.role;
    if (
      !Number.isSafeInteger(userId) ||
      userId < 1 ||
      !roles.includes(role as Role) ||
      typeof payload.sid !== 'string'
    ) {
      throw new AppError('UNAUTHENTICATED', 'The access token is invalid.', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' }
      });
    }
    const principal: Principal = {
      userId,
      role: role as Role,
      sessionId: payload.sid,
      tokenId: String(payload.jti),
      expiresAt: Number(payload.exp)
    };
    return principal;
  };
}
