import { AppError, bearerSecurity as security, listPage, PageOf, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { listIntegrations } from '../data/integration-repository.ts';
import { userExists } from '../data/user-repository.ts';
import { linkIntegration } from '../domain/link-integration.ts';
import { unlinkIntegration } from '../domain/unlink-integration.ts';
import type { UserContext } from '../user-context.ts';
import { assertCanChange, assertCanRead } from './access.ts';
import { CreateIntegrationBody, IdParams, IntegrationParams, IntegrationView, PageOnlyQuery } from './schemas.ts';
import { integrationView } from './views.ts';

const tags = ['integrations'];

async function assertUserExists(ctx: UserContext, id: number): Promise<void> {
  if (!(await userExists(ctx.db, id))) throw new AppError('NOT_FOUND', `No user ${id}.`);
}

/** Linked external accounts of a user: the user and admin link and unlink, staff read (SPEC §3.2). */
export function registerIntegrationRoutes(app: HttpServer, ctx: UserContext): void {
  app.get(
    '/users/:id/integrations',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: "The user's linked external accounts, in link order",
        params: IdParams,
        querystring: PageOnlyQuery,
        response: { 200: PageOf(IntegrationView) }
      }
    },
    async (request) => {
      const userId = request.params.id;
      assertCanRead(request.principal!, userId);
      await assertUserExists(ctx, userId);
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listIntegrations(ctx.db, userId, after, n),
        (i) => [i.id],
        integrationView
      );
    }
  );

  app.post(
    '/users/:id/integrations',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Link an external account (the user, admin)',
        params: IdParams,
        body: CreateIntegrationBody,
        response: { 201: IntegrationView }
      }
    },
    async (request, reply) => {
      const userId = request.params.id;
      assertCanChange(request.principal!, userId);
      await assertUserExists(ctx, userId);
      const { provider, external_id, status = 'active' } = request.body;
      const created = await linkIntegration(ctx, userId, { provider, externalId: external_id, status });
      return reply
        .code(201)
        .header('location', `/users/${userId}/integrations/${created.id}`)
        .send(integrationView(created));
    }
  );

  app.delete(
    '/users/:id/integrations/:integration_id',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags,
        security,
        summary: 'Unlink an external account (the user, admin)',
        params: IntegrationParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      const { id: userId, integration_id } = request.params;
      assertCanChange(request.principal!, userId);
      if (!(await unlinkIntegration(ctx, userId, integration_id))) {
        throw new AppError('NOT_FOUND', `No integration ${integration_id} of user ${userId}.`);
      }
      return reply.code(204).send(null);
    }
  );
}
