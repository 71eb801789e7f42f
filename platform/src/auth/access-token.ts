import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.ts';

export const roles = ['user', 'manager', 'admin'] as const;
export type Role = (typeof roles)[number];

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
  /** Ended sessions and deactivated users, as this service learned them from auth and user events. */
  isRevoked?: (principal: Principal) => Promise<boolean>;
}

export type TokenVerifier = (token: string) => Promise<Principal>;

/** Verifies an access token: signature with HS256 only (alg pinned), expiry, claims, then revocation. */
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
    if (options.isRevoked && (await options.isRevoked(principal))) {
      throw new AppError('UNAUTHENTICATED', 'The session of this access token has ended.', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' }
      });
    }
    return principal;
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/.exec(header.trim());
  if (!match)
    throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <access token>".', {
      headers: { 'www-authenticate': 'Bearer' }
    });
  return match[1];
}

/** A preHandler that requires a valid token and sets request.principal. */
export function requireAuth(verify: TokenVerifier) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearer(request);
    if (!token)
      throw new AppError('UNAUTHENTICATED', 'This request needs an access token.', {
        headers: { 'www-authenticate': 'Bearer' }
      });
    request.principal = await verify(token);
  };
}

/** A preHandler for public routes that also serve callers with a token: a token, if sent, must be valid. */
export function optionalAuth(verify: TokenVerifier) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = bearer(request);
    if (token) request.principal = await verify(token);
  };
}

export function requireRole(request: FastifyRequest, ...allowed: Role[]): Principal {
  const p = request.principal;
  if (!p) throw new AppError('UNAUTHENTICATED', 'This request needs an access token.');
  if (!allowed.includes(p.role)) throw new AppError('FORBIDDEN', `This needs the role ${allowed.join(' or ')}.`);
  return p;
}
