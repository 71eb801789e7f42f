import { AppError, bearerToken, requireRole, type Authenticator } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import { isOperational, isPublic, type Route, type Upstream } from '../proxy/route-table.ts';

export type EdgeAuth = (request: FastifyRequest, route: Route) => Promise<void>;

/**
 * Authentication at the edge (SPEC §3.7), with the platform's authenticator like every service: a route that
 * is not public needs a valid token of a live session of an active user; a token sent to a public route must
 * be valid too, and a service's /metrics needs a staff token. The services check again; this keeps bad
 * traffic off them.
 */
export function edgeAuth(auth: Authenticator, publicServices: ReadonlySet<Upstream>): EdgeAuth {
  return async (request, route) => {
    const token = bearerToken(request);
    if (token) request.principal = await auth.verify(token);
    else if (!isPublic(request.method, route, publicServices)) {
      throw new AppError('UNAUTHENTICATED', 'This request needs an access token.', {
        headers: { 'www-authenticate': 'Bearer' }
      });
    }
    if (isOperational(route)) requireRole(request, 'manager', 'admin');
  };
}
