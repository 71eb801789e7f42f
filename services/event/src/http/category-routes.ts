import { AppError, PgErrorCodes, pgErrorCode, requireRole, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import type { EventContext } from '../event-context.ts';
import { CategoryView, CreateCategoryBody } from './schemas.ts';

export function registerCategoryRoutes(app: HttpServer, ctx: EventContext): void {
  app.get(
    '/categories',
    {
      schema: {
        tags: ['categories'],
        summary: 'Event categories (public)',
        response: { 200: Type.Object({ data: Type.Array(CategoryView) }) }
      }
    },
    async () => ({
      data: (
        await ctx.db.query<{ id: number; name: string; description: string | null }>(
          'select id, name, description from categories order by id'
        )
      ).rows
    })
  );

  app.post(
    '/categories',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['categories'],
        security: [{ bearer: [] }],
        summary: 'Add a category (manager, admin)',
        body: CreateCategoryBody,
        response: { 201: CategoryView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'manager', 'admin');
      try {
        const { rows } = await ctx.db.query<{ id: number; name: string; description: string | null }>(
          'insert into categories (name, description) values ($1, $2) returning id, name, description',
          [request.body.name.trim(), request.body.description ?? null]
        );
        return reply.code(201).header('location', `/categories/${rows[0]!.id}`).send(rows[0]!);
      } catch (error) {
        if (pgErrorCode(error) === PgErrorCodes.uniqueViolation)
          throw new AppError('CATEGORY_EXISTS', 'A category with this name exists.');
        throw error;
      }
    }
  );
}
