import {
  AppError,
  bearerSecurity,
  listPage,
  PageOf,
  PageQuery as pageFields,
  requireRole,
  type HttpServer
} from '@style-flow/platform';
import { Type } from 'typebox';
import { listDeliveries } from '../data/delivery-repository.ts';
import { findEndpoint, listEndpoints } from '../data/webhook-repository.ts';
import {
  changeWebhook,
  createWebhook,
  removeWebhook,
  replayWebhookDelivery,
  rotateWebhookSecret
} from '../domain/webhook-endpoints.ts';
import type { NotificationContext } from '../notification-context.ts';
import {
  CreateWebhookBody,
  DeliveryParams,
  DeliveryView,
  IdParams,
  UpdateWebhookBody,
  WebhookView,
  WebhookWithSecretView
} from './schemas.ts';
import { deliveryView, webhookView } from './views.ts';

const tags = ['webhooks'];
const security = bearerSecurity;
const PageQuery = Type.Object(pageFields, { additionalProperties: false });

async function endpointOf(ctx: NotificationContext, id: number) {
  const endpoint = await findEndpoint(ctx.db, id);
  if (!endpoint) throw new AppError('NOT_FOUND', `No webhook ${id}.`);
  return endpoint;
}

/** Webhooks (Standard Webhooks 1.0), admins only (SPEC §2): the secret is shown when made and never after. */
export function registerWebhookRoutes(app: HttpServer, ctx: NotificationContext): void {
  const preHandler = ctx.auth.required;
  const admin = { preHandler, schema: { tags, security } };

  app.get(
    '/webhooks',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'Webhook endpoints (admin)',
        querystring: PageQuery,
        response: { 200: PageOf(WebhookView) }
      }
    },
    async (request) => {
      requireRole(request, 'admin');
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listEndpoints(ctx.db, after?.[0] ?? null, n),
        (e) => [e.id],
        webhookView
      );
    }
  );

  app.post(
    '/webhooks',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'Add an endpoint; the answer carries its signing secret, once (admin)',
        body: CreateWebhookBody,
        response: { 201: WebhookWithSecretView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const { url, events, description } = request.body;
      const endpoint = await createWebhook(ctx, { url: url.trim(), events, description: description?.trim() || null });
      return reply
        .code(201)
        .header('location', `/webhooks/${endpoint.id}`)
        .header('cache-control', 'no-store')
        .send({ ...webhookView(endpoint), secret: endpoint.secret });
    }
  );

  app.get(
    '/webhooks/:id',
    {
      ...admin,
      schema: { ...admin.schema, summary: 'One endpoint (admin)', params: IdParams, response: { 200: WebhookView } }
    },
    async (request) => {
      requireRole(request, 'admin');
      return webhookView(await endpointOf(ctx, request.params.id));
    }
  );

  app.put(
    '/webhooks/:id',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'Change an endpoint, or enable it again (admin)',
        params: IdParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookView }
      }
    },
    async (request) => {
      requireRole(request, 'admin');
      const { url, events, description, enabled } = request.body;
      const changes = {
        ...(url !== undefined ? { url: url.trim() } : {}),
        ...(events !== undefined ? { events } : {}),
        ...(description !== undefined ? { description: description?.trim() || null } : {}),
        ...(enabled !== undefined ? { enabled } : {})
      };
      return webhookView(await changeWebhook(ctx, request.params.id, changes));
    }
  );

  app.delete(
    '/webhooks/:id',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'Remove an endpoint and its deliveries (admin)',
        params: IdParams,
        response: { 204: Type.Null() }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      await removeWebhook(ctx, request.params.id);
      return reply.code(204).send(null);
    }
  );

  app.post(
    '/webhooks/:id/rotate-secret',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'A new signing secret, shown once; the old one signs beside it for 24 h (admin)',
        params: IdParams,
        response: { 200: WebhookWithSecretView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const endpoint = await rotateWebhookSecret(ctx, request.params.id);
      return reply.header('cache-control', 'no-store').send({ ...webhookView(endpoint), secret: endpoint.secret });
    }
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: "An endpoint's deliveries, newest first, each with its attempts (admin)",
        params: IdParams,
        querystring: PageQuery,
        response: { 200: PageOf(DeliveryView) }
      }
    },
    async (request) => {
      requireRole(request, 'admin');
      const endpoint = await endpointOf(ctx, request.params.id);
      return listPage(
        ctx.cursors,
        request,
        ['int'],
        (after, n) => listDeliveries(ctx.db, endpoint.id, after?.[0] ?? null, n),
        (d) => [Number(d.id)],
        deliveryView
      );
    }
  );

  app.post(
    '/webhooks/:id/deliveries/:delivery_id/replay',
    {
      ...admin,
      schema: {
        ...admin.schema,
        summary: 'Deliver again, from the start of the retry schedule (admin)',
        params: DeliveryParams,
        response: { 202: DeliveryView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'admin');
      const { id, delivery_id } = request.params;
      return reply.code(202).send(deliveryView(await replayWebhookDelivery(ctx, id, delivery_id)));
    }
  );
}
