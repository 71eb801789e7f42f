import { AppError, bearerSecurity, listPage, PageOf, toInstant, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { findHolding, listHoldings } from '../data/allocation-repository.ts';
import { allocateResource } from '../domain/allocate-resource.ts';
import { releaseHoldingById } from '../domain/release-holding.ts';
import type { ResourceContext } from '../resource-context.ts';
import { staffOnly } from './access.ts';
import { windowOf } from './input.ts';
import { AllocateBody, AllocationView, IdParams, ListAllocationsQuery } from './schemas.ts';
import { allocationView } from './views.ts';

const tags = ['allocations'];
const instant = (value: string | undefined, path: string) => (value === undefined ? undefined : toInstant(value, path));

export function registerAllocationRoutes(app: HttpServer, ctx: ResourceContext): void {
  const preHandler = staffOnly(ctx);
  const schema = { tags, security: bearerSecurity };

  app.post(
    '/resources/:id/allocate',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'Allocate to an event: never more than the quantity at any instant (409 with the conflicts)',
        params: IdParams,
        body: AllocateBody,
        response: { 201: AllocationView }
      }
    },
    async (request, reply) => {
      const actor = request.principal!;
      const { event_id, quantity } = request.body;
      const window = windowOf(request.body.start_time, request.body.end_time);
      const allocation = await allocateResource(
        ctx,
        request.params.id,
        { event_id, quantity: quantity ?? 1, start_time: window.start, end_time: window.end },
        actor,
        request.traceparent
      );
      return reply.code(201).header('location', `/allocations/${allocation.id}`).send(allocationView(allocation));
    }
  );

  app.get(
    '/allocations',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'Allocations and blocks in start order; from/to keep those overlapping the window',
        querystring: ListAllocationsQuery,
        response: { 200: PageOf(AllocationView) }
      }
    },
    async (request) => {
      const { kind, resource_id, event_id, status, from, to } = request.query;
      const filter = {
        kind,
        resource_id,
        event_id,
        status,
        from: instant(from, '/from'),
        to: instant(to, '/to')
      };
      return listPage(
        ctx.cursors,
        request,
        ['int', 'id'],
        (after, n) => listHoldings(ctx.db, filter, after, n),
        (a) => [a.start_time.getTime(), a.id],
        allocationView
      );
    }
  );

  app.get(
    '/allocations/:id',
    {
      preHandler,
      schema: { ...schema, summary: 'One allocation or block', params: IdParams, response: { 200: AllocationView } }
    },
    async (request) => {
      const allocation = await findHolding(ctx.db, request.params.id);
      if (!allocation) throw new AppError('NOT_FOUND', `No allocation ${request.params.id}.`);
      return allocationView(allocation);
    }
  );

  app.delete(
    '/allocations/:id',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'Release an allocation or block (the row stays, with released_at); one that has ended cannot be (422)',
        params: IdParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      await releaseHoldingById(ctx, request.params.id, request.traceparent);
      return reply.code(204).send(null);
    }
  );
}
