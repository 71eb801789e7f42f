import { bearerSecurity, type HttpServer } from '@style-flow/platform';
import { blockResource } from '../domain/block-resource.ts';
import type { ResourceContext } from '../resource-context.ts';
import { staffOnly } from './access.ts';
import { windowOf } from './input.ts';
import { AllocationView, BlockBody, IdParams } from './schemas.ts';
import { allocationView } from './views.ts';

/**
 * Maintenance blocks: quantity taken out of a resource for a while, counted like an allocation (SPEC §3.4). A block
 * is an allocation of kind 'block', without an event: listed by GET /allocations, released by DELETE /allocations/{id}.
 */
export function registerBlockRoutes(app: HttpServer, ctx: ResourceContext): void {
  app.post(
    '/resources/:id/blocks',
    {
      preHandler: staffOnly(ctx),
      schema: {
        tags: ['resources'],
        security: bearerSecurity,
        summary: 'Block some quantity for maintenance; refused like an allocation when it does not fit (409)',
        params: IdParams,
        body: BlockBody,
        response: { 201: AllocationView }
      }
    },
    async (request, reply) => {
      const window = windowOf(request.body.start_time, request.body.end_time);
      const block = await blockResource(
        ctx,
        request.params.id,
        {
          start_time: window.start,
          end_time: window.end,
          quantity: request.body.quantity ?? 1,
          reason: request.body.reason ?? null
        },
        request.principal!
      );
      return reply.code(201).header('location', `/allocations/${block.id}`).send(allocationView(block));
    }
  );
}
