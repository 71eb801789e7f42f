import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '@style-flow/contracts';
import { AppError } from '../errors/app-error.ts';
import { createTokenVerifier, type Principal } from './access-token.ts';
import type { Principals } from './principal-store.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

type PreHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Authentication as every service does it (DESIGN rule 4); services add only their object-level rules. */
export interface Authenticator {
  /** A preHandler: a valid token of a live session is required; sets request.principal with the current role. */
  required: PreHandler;
  /** A preHandler for public routes: a token, when sent, must be just as good. */
  optional: PreHandler;
  /** The principal of a bearer token (the gateway's edge check), or an AppError 401. */
  verify(token: string): Promise<Principal>;
}

const invalid = (detail: string) =>
  new AppError('UNAUTHENTICATED', detail, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });

const BEARER = /^Bearer ([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)$/;

/** The token of `Authorization: Bearer …`, undefined without the header, a 401 for any other form. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = BEARER.exec(header.trim());
  if (!match) {
    throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <access token>".', {
      headers: { 'www-authenticate': 'Bearer' }
    });
  }
  return match[1];
}

/**
 * Checks the signature and expiry, then what this service learned from events: a session that ended and a user
 * deactivated are refused, and the rights are those of the caller's current role, not the token's.
 */
export function createAuthenticator(options: { secret: string; principals: Principals }): Authenticator {
  const verifySignature = createTokenVerifier({ secret: options.secret });
  async function verify(token: string): Promise<Principal> {
    const principal = await verifySignature(token);
    const state = await options.principals.state(principal.userId, principal.sessionId);
    if (state.revoked) throw invalid('The session of this access token has ended.');
    if (state.deactivated) throw invalid('The account of this access token is deactivated.');
    return state.role ? { ...principal, role: state.role } : principal;
  }
  return {
    verify,
    async required(request) {
      const token = bearerToken(request);
      if (!token) {
        throw new AppError('UNAUTHENTICATED', 'This request needs an access token.', {
          headers: { 'www-authenticate': 'Bearer' }
        });
      }
      request.principal = await verify(token);
    },
    async optional(request) {
      const token = bearerToken(request);
      if (token) request.principal = await verify(token);
    }
  };
}

/** The caller, when its current role is one of these; 401 without a caller, 403 with another role. */
export function requireRole(request: FastifyRequest, ...allowed: Role[]): Principal {
  const p = request.principal;
  if (!p) throw new AppError('UNAUTHENTICATED', 'This request needs an access token.');
  if (!allowed.includes(p.role)) throw new AppError('FORBIDDEN', `This needs the role ${allowed.join(' or ')}.`);
  return p;
}

export const isStaff = (p: Principal): boolean => p.role === 'manager' || p.role === 'admin';
