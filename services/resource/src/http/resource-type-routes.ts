import { AppError, bearerSecurity, listPage, PageOf, type HttpServer } from '@style-flow/platform';
import { findResourceType, listResourceTypes } from '../data/resource-type-repository.ts';
import { addResourceType } from '../domain/add-resource-type.ts';
import type { ResourceContext } from '../resource-context.ts';
import { staffOnly } from './access.ts';
import { CreateResourceTypeBody, IdParams, ListQuery, ResourceTypeView } from './schemas.ts';
import { resourceTypeView } from './views.ts';

const tags = ['resource types'];

export function registerResourceTypeRoutes(app: HttpServer, ctx: ResourceContext): void {
  const preHandler = staffOnly(ctx);
  const schema = { tags, security: bearerSecurity };

  app.get(
    '/resource-types',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'Resource types (seeded: room, equipment, catering, staff, transport)',
        querystring: ListQuery,
        response: { 200: PageOf(ResourceTypeView) }
      }
    },
    async (request) =>
      listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listResourceTypes(ctx.db, after, n),
        (t) => [t.id],
        resourceTypeView
      )
  );

  app.get(
    '/resource-types/:id',
    {
      preHandler,
      schema: { ...schema, summary: 'One resource type', params: IdParams, response: { 200: ResourceTypeView } }
    },
    async (request) => {
      const type = await findResourceType(ctx.db, request.params.id);
      if (!type) throw new AppError('NOT_FOUND', `No resource type ${request.params.id}.`);
      return resourceTypeView(type);
    }
  );

  app.post(
    '/resource-types',
    {
      preHandler,
      schema: {
        ...schema,
        summary: 'Add a resource type (names are unique, whatever their case)',
        body: CreateResourceTypeBody,
        response: { 201: ResourceTypeView }
      }
    },
    async (request, reply) => {
      const type = await addResourceType(ctx, request.body.name, request.body.description ?? null);
      return reply.code(201).header('location', `/resource-types/${type.id}`).send(resourceTypeView(type));
    }
  );
}
