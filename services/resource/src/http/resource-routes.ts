import { AppError, bearerSecurity, containsPattern, listPage, PageOf, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { findResource, listResources } from '../data/resource-repository.ts';
import { availabilityOfResource } from '../domain/availability-of-resource.ts';
import { changeResource } from '../domain/change-resource.ts';
import { createResource } from '../domain/create-resource.ts';
import { deleteResource } from '../domain/delete-resource.ts';
import type { ResourceContext } from '../resource-context.ts';
import { staffOnly } from './access.ts';
import { windowOf } from './input.ts';
import {
  AvailabilityQuery,
  AvailabilityView,
  CreateResourceBody,
  DeleteResourceQuery,
  IdParams,
  ListResourcesQuery,
  ResourceView,
  UpdateResourceBody
} from './schemas.ts';
import { resourceView } from './views.ts';

const tags = ['resources'];

/** `available_from` and `available_to` come together, and `quantity` only with them. */
function availableFilter(query: { available_from?: string; available_to?: string; quantity?: number }) {
  const { available_from: from, available_to: to, quantity } = query;
  if (from === undefined && to === undefined) {
    if (quantity === undefined) return undefined;
    throw new AppError('VALIDATION_FAILED', 'quantity filters by free quantity over available_from..available_to.', {
      errors: [{ path: '/available_from', message: 'is required with quantity' }]
    });
  }
  if (from === undefined || to === undefined) {
    const missing = from === undefined ? '/available_from' : '/available_to';
    throw new AppError('VALIDATION_FAILED', 'available_from and available_to come together.', {
      errors: [{ path: missing, message: 'is required with the other end of the window' }]
    });
  }
  const window = windowOf(from, to, ['/available_from', '/available_to']);
  return { from: window.start, to: window.end, quantity: quantity ?? 1 };
}

export function registerResourceRoutes(app: HttpServer, ctx: ResourceContext): void {
  const preHandler = staffOnly(ctx);
  const schema = { tags, security: bearerSecurity };

  app.get(
    '/resources',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'Resources, by id (manager, admin); available_from/available_to: free for the whole window',
        querystring: ListResourcesQuery,
        response: { 200: PageOf(ResourceView) }
      }
    },
    async (request) => {
      const { type_id, q } = request.query;
      const filter = {
        type_id,
        like: q === undefined ? undefined : containsPattern(q),
        available: availableFilter(request.query)
      };
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listResources(ctx.db, filter, after, n),
        (r) => [r.id],
        resourceView
      );
    }
  );

  app.get(
    '/resources/:id',
    { preHandler, schema: { ...schema, summary: 'One resource', params: IdParams, response: { 200: ResourceView } } },
    async (request) => {
      const resource = await findResource(ctx.db, request.params.id);
      if (!resource) throw new AppError('NOT_FOUND', `No resource ${request.params.id}.`);
      return resourceView(resource);
    }
  );

  app.post(
    '/resources',
    {
      preHandler,
      schema: { ...schema, summary: 'Create a resource', body: CreateResourceBody, response: { 201: ResourceView } }
    },
    async (request, reply) => {
      const b = request.body;
      const resource = await createResource(
        ctx,
        {
          name: b.name,
          type_id: b.type_id,
          quantity: b.quantity ?? 1,
          location: b.location ?? null,
          description: b.description ?? null,
          setup_minutes: b.setup_minutes ?? 0,
          teardown_minutes: b.teardown_minutes ?? 0
        },
        request.traceparent
      );
      return reply.code(201).header('location', `/resources/${resource.id}`).send(resourceView(resource));
    }
  );

  app.put(
    '/resources/:id',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'Change a resource; a lower quantity or longer buffers must still hold what is allocated (409)',
        params: IdParams,
        body: UpdateResourceBody,
        response: { 200: ResourceView }
      }
    },
    async (request) => resourceView(await changeResource(ctx, request.params.id, request.body, request.traceparent))
  );

  app.delete(
    '/resources/:id',
    {
      preHandler,
      schema: {
        ...schema,
        summary:
          'Delete a resource: 409 while allocations that have not ended hold it, unless force=true releases them',
        params: IdParams,
        querystring: DeleteResourceQuery,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      await deleteResource(ctx, request.params.id, request.query.force ?? false, request.traceparent);
      return reply.code(204).send(null);
    }
  );

  app.get(
    '/resources/:id/availability',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'The free quantity over [from, to), as intervals (setup and teardown count as taken)',
        params: IdParams,
        querystring: AvailabilityQuery,
        response: { 200: AvailabilityView }
      }
    },
    async (request) => {
      const window = windowOf(request.query.from, request.query.to, ['/from', '/to']);
      const { quantity, intervals } = await availabilityOfResource(ctx, request.params.id, window.start, window.end);
      return {
        resource_id: request.params.id,
        quantity,
        from: window.start,
        to: window.end,
        intervals: intervals.map((i) => ({
          start: i.start.toISOString(),
          end: i.end.toISOString(),
          free_quantity: i.free_quantity
        }))
      };
    }
  );
}
