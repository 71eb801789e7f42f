import { randomUUID, webcrypto } from 'node:crypto';
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
  /** How many verified tokens to remember (default 10,000); 0 verifies the signature on every call. */
  cacheSize?: number;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

const invalidToken = (detail: string) =>
  new AppError('UNAUTHENTICATED', detail, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });

/**
 * Verifies an access token: signature with HS256 only (alg pinned), expiry and claims.
 *
 * A token is the same bytes on every request of a session, so the claims of a token whose signature checked out
 * are remembered, by the whole token, until it expires: a later call checks only the expiry. Only what the token
 * itself proves is remembered; whether its session has ended is the caller's check, on every request.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const cacheSize = options.cacheSize ?? 10_000;
  // Imported once: handing jose the raw bytes imports a key on every verification.
  const verifyKey = webcrypto.subtle.importKey('raw', key(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'verify'
  ]);
  const verified = new Map<string, Principal>();

  async function verifySignature(token: string): Promise<Principal> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, await verifyKey, {
        algorithms: [ALGORITHM],
        requiredClaims: ['sub', 'exp', 'iat', 'jti']
      }));
    } catch (error) {
      throw invalidToken(
        error instanceof joseErrors.JWTExpired ? 'The access token has expired.' : 'The access token is invalid.'
      );
    }
    const userId = Number(payload.sub);
    const role = payload.role;
    if (
      !Number.isSafeInteger(userId) ||
      userId < 1 ||
      !roles.includes(role as Role) ||
      typeof payload.sid !== 'string'
    ) {
      throw invalidToken('The access token is invalid.');
    }
    return {
      userId,
      role: role as Role,
      sessionId: payload.sid,
      tokenId: String(payload.jti),
      expiresAt: Number(payload.exp)
    };
  }

  return async (token) => {
    const known = verified.get(token);
    // Expired as jose has it: exp at or before the current second.
    if (known && known.expiresAt > Math.floor(Date.now() / 1000)) return { ...known };
    if (known) verified.delete(token);
    const principal = await verifySignature(token);
    if (cacheSize > 0) {
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
      verified.set(token, principal);
    }
    return { ...principal };
  };
}
