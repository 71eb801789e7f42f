import {
  AppError,
  bearerSecurity,
  IdParams,
  listPage,
  PageOf,
  requireRole,
  type HttpServer
} from '@style-flow/platform';
import { findCategory, listCategories } from '../data/category-repository.ts';
import type { EventContext } from '../event-context.ts';
import { addCategory } from '../domain/add-category.ts';
import { CategoryView, CreateCategoryBody, ListCategoriesQuery } from './schemas.ts';
import { categoryView } from './views.ts';

const tags = ['categories'];

export function registerCategoryRoutes(app: HttpServer, ctx: EventContext): void {
  app.get(
    '/categories',
    {
      schema: {
        tags,
        summary: 'Event categories (public)',
        querystring: ListCategoriesQuery,
        response: { 200: PageOf(CategoryView) }
      }
    },
    async (request) =>
      listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listCategories(ctx.db, after?.[0] ?? null, n),
        (c) => [c.id],
        categoryView
      )
  );

  app.get(
    '/categories/:id',
    {
      schema: { tags, summary: 'One event category (public)', params: IdParams, response: { 200: CategoryView } }
    },
    async (request) => {
      const category = await findCategory(ctx.db, request.params.id);
      if (!category) throw new AppError('NOT_FOUND', `No category ${request.params.id}.`);
      return categoryView(category);
    }
  );

  app.post(
    '/categories',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security: bearerSecurity,
        summary: 'Add a category (manager, admin)',
        body: CreateCategoryBody,
        response: { 201: CategoryView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'manager', 'admin');
      const category = await addCategory(ctx, request.body);
      return reply.code(201).header('location', `/categories/${category.id}`).send(categoryView(category));
    }
  );
}
