import { requireRole } from '@style-flow/platform';
import type { FastifyRequest } from 'fastify';
import type { ResourceContext } from '../resource-context.ts';

/**
 * SPEC §2: resources, their types and allocations are for staff only. Checked before any lookup, so a plain user
 * gets a 403 for every route and learns nothing, not even which ids exist.
 */
export function staffOnly(ctx: ResourceContext) {
  return [
    ctx.auth.required,
    async (request: FastifyRequest) => {
      requireRole(request, 'manager', 'admin');
    }
  ];
}
