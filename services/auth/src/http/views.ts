import type { authHttp } from '@style-flow/contracts';
import type { FastifyReply } from 'fastify';
import type { AccountRow } from '../data/account-repository.ts';

/** An account as clients see it: never its password hash. */
export function accountView(a: AccountRow): authHttp.Account {
  return {
    id: a.id,
    username: a.username,
    email: a.email,
    first_name: a.first_name,
    last_name: a.last_name,
    role: a.role,
    status: a.status,
    created_at: a.created_at.toISOString()
  };
}

/**
 * Answers that carry tokens or a person's own data are kept by no cache, shared or private (SPEC §1, RFC 9111
 * §5.2.2.5); Pragma for HTTP/1.0 caches that know no Cache-Control.
 */
export function noStore(reply: FastifyReply): FastifyReply {
  return reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
}
