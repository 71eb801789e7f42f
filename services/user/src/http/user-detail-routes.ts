import { AppError, decodeCursor, PageOf, toPage, type HttpServer } from '@style-flow/platform';
import { Type } from 'typebox';
import { listActivity, recordActivity, type Activity } from '../data/activity-repository.ts';
import {
  deleteIntegration,
  insertIntegration,
  listIntegrations,
  type Integration
} from '../data/integration-repository.ts';
import { findUser } from '../data/user-repository.ts';
import type { UserContext } from '../user-context.ts';
import { assertCanChange, assertCanRead } from './access.ts';
import {
  ActivityView,
  CreateIntegrationBody,
  IdParams,
  IntegrationParams,
  IntegrationView,
  PageOnlyQuery
} from './schemas.ts';

const integrationView = (i: Integration) => ({
  id: i.id,
  provider: i.provider,
  external_id: i.external_id,
  status: i.status,
  connected_at: i.connected_at.toISOString()
});
const activityView = (a: Activity) => ({
  id: a.id,
  type: a.type,
  details: a.details,
  occurred_at: a.occurred_at.toISOString()
});
const security = [{ bearer: [] }];

async function assertExists(ctx: UserContext, id: number): Promise<void> {
  if (!(await findUser(ctx.db, id))) throw new AppError('NOT_FOUND', `No user ${id}.`);
}

/** Integrations (linked external accounts) and the activity history of one user. */
export function registerUserDetailRoutes(app: HttpServer, ctx: UserContext): void {
  app.get(
    '/users/:id/integrations',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['integrations'],
        security,
        params: IdParams,
        response: { 200: Type.Object({ data: Type.Array(IntegrationView) }) }
      }
    },
    async (request) => {
      assertCanRead(request.principal!, request.params.id);
      await assertExists(ctx, request.params.id);
      return { data: (await listIntegrations(ctx.db, request.params.id)).map(integrationView) };
    }
  );

  app.post(
    '/users/:id/integrations',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['integrations'],
        security,
        params: IdParams,
        body: CreateIntegrationBody,
        response: { 201: IntegrationView }
      }
    },
    async (request, reply) => {
      const userId = request.params.id;
      assertCanChange(request.principal!, userId);
      await assertExists(ctx, userId);
      const created = await ctx.db.transaction(async (tx) => {
        const i = await insertIntegration(tx, {
          userId,
          provider: request.body.provider,
          externalId: request.body.external_id,
          status: request.body.status ?? 'active'
        });
        if (i)
          await recordActivity(tx, {
            userId,
            type: 'integration_linked',
            details: { provider: i.provider, integration_id: i.id }
          });
        return i;
      });
      if (!created)
        throw new AppError('INTEGRATION_EXISTS', `This ${request.body.provider} account is already linked.`);
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
      schema: { tags: ['integrations'], security, params: IntegrationParams, response: { 204: Type.Null() } }
    },
    async (request, reply) => {
      const userId = request.params.id;
      assertCanChange(request.principal!, userId);
      const removed = await ctx.db.transaction(async (tx) => {
        const i = await deleteIntegration(tx, userId, request.params.integration_id);
        if (i)
          await recordActivity(tx, {
            userId,
            type: 'integration_unlinked',
            details: { provider: i.provider, integration_id: i.id }
          });
        return i;
      });
      if (!removed)
        throw new AppError('NOT_FOUND', `No integration ${request.params.integration_id} of user ${userId}.`);
      return reply.code(204).send(null);
    }
  );

  app.get(
    '/users/:id/activity',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['activity'],
        security,
        summary: "The user's history, newest first",
        params: IdParams,
        querystring: PageOnlyQuery,
        response: { 200: PageOf(ActivityView) }
      }
    },
    async (request) => {
      assertCanRead(request.principal!, request.params.id);
      await assertExists(ctx, request.params.id);
      const limit = request.query.limit ?? 50;
      const after = decodeCursor(request.query.cursor, ['int', 'int']);
      const rows = await listActivity(ctx.db, request.params.id, after, limit + 1);
      const page = toPage(rows, limit, (a) => [a.occurred_us, a.id]);
      return { data: page.data.map(activityView), next_cursor: page.next_cursor };
    }
  );
}
