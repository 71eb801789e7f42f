import { AppError, createTokenVerifier, type Config, type Queryable } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import { isPublic, type Route } from '../proxy/route-table.ts';

/**
 * Authentication at the edge (SPEC §3.7): every route that is not public needs a valid access token whose
 * session has not ended and whose user is not deactivated (both learned from Kafka). A token sent to a
 * public route must be valid too. The services check again; this keeps bad traffic off them.
 */
export function edgeAuth(db: Queryable, config: Readonly<Config>) {
  const verify = createTokenVerifier({
    secret: config.jwt.secret,
    isRevoked: async (p) => {
      const { rows } = await db.query<{ revoked: boolean }>(
        `select exists (select 1 from revoked_sessions where session_id = $1)
             or exists (select 1 from deactivated_users where user_id = $2) as revoked`,
        [p.sessionId, p.userId]
      );
      return rows[0]!.revoked;
    }
  });
  return async (request: FastifyRequest, route: Route): Promise<void> => {
    const header = request.headers.authorization;
    if (!header) {
      if (isPublic(request.method, route)) return;
      throw new AppError('UNAUTHENTICATED', 'This request needs an access token.', {
        headers: { 'www-authenticate': 'Bearer' }
      });
    }
    const match = /^Bearer (\S+)$/.exec(header.trim());
    if (!match)
      throw new AppError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <access token>".', {
        headers: { 'www-authenticate': 'Bearer' }
      });
    request.principal = await verify(match[1]!);
  };
}
