import { AppError, bearerToken, type Authenticator } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import { isPublic, type Route } from '../proxy/route-table.ts';

/**
 * Authentication at the edge (SPEC §3.7), with the platform's authenticator like every service: a route that
 * is not public needs a valid token of a live session of an active user; a token sent to a public route must
 * be valid too. The services check again; this keeps bad traffic off them.
 */
export function edgeAuth(auth: Authenticator) {
  return async (request: FastifyRequest, route: Route): Promise<void> => {
    const token = bearerToken(request);
    if (token) {
      request.principal = await auth.verify(token);
      return;
    }
    if (isPublic(request.method, route)) return;
    throw new AppError('UNAUTHENTICATED', 'This request needs an access token.', {
      headers: { 'www-authenticate': 'Bearer' }
    });
  };
}
