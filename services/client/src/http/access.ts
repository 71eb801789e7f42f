import { requireRole, type Principal } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';

/**
 * Clients, their contacts and their timeline are staff's (SPEC §2): a manager or an admin reads and changes any of
 * them; anyone else is a 403 and sees nothing, not even whether a client exists.
 */
export function staff(request: FastifyRequest): Principal {
  return requireRole(request, 'manager', 'admin');
}
