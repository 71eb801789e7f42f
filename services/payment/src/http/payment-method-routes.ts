import {
  AppError,
  bearerSecurity,
  IdParams,
  listPage,
  PageOf,
  requireRole,
  type HttpServer
} from '@style-flow/platform';
import { findPaymentMethod, listPaymentMethods } from '../data/payment-method-repository.ts';
import { addPaymentMethod, changePaymentMethod } from '../domain/payment-methods.ts';
import type { PaymentContext } from '../payment-context.ts';
import {
  CreatePaymentMethodBody,
  ListPaymentMethodsQuery,
  PaymentMethodView,
  UpdatePaymentMethodBody
} from './schemas.ts';
import { paymentMethodView } from './views.ts';

const tags = ['payment methods'];
const security = bearerSecurity;

export function registerPaymentMethodRoutes(app: HttpServer, ctx: PaymentContext): void {
  const preHandler = ctx.auth.required;

  app.get(
    '/payment-methods',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'The payment methods the organisation accepts (anyone signed in)',
        querystring: ListPaymentMethodsQuery,
        response: { 200: PageOf(PaymentMethodView) }
      }
    },
    async (request) => {
      const { is_active, type } = request.query;
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listPaymentMethods(ctx.db, { is_active, type }, after?.[0] ?? null, n),
        (m) => [m.id],
        paymentMethodView
      );
    }
  );

  app.get(
    '/payment-methods/:id',
    {
      preHandler,
      schema: { tags, security, summary: 'One payment method', params: IdParams, response: { 200: PaymentMethodView } }
    },
    async (request) => {
      const method = await findPaymentMethod(ctx.db, request.params.id);
      if (!method) throw new AppError('NOT_FOUND', `No payment method ${request.params.id}.`);
      return paymentMethodView(method);
    }
  );

  app.post(
    '/payment-methods',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Add a payment method (manager, admin)',
        body: CreatePaymentMethodBody,
        response: { 201: PaymentMethodView }
      }
    },
    async (request, reply) => {
      requireRole(request, 'manager', 'admin');
      const { name, type, provider, is_active } = request.body;
      const method = await addPaymentMethod(ctx, {
        name,
        type,
        provider: provider ?? null,
        is_active: is_active ?? true
      });
      return reply.code(201).header('location', `/payment-methods/${method.id}`).send(paymentMethodView(method));
    }
  );

  app.put(
    '/payment-methods/:id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Rename a payment method, or stop or resume accepting it (manager, admin)',
        params: IdParams,
        body: UpdatePaymentMethodBody,
        response: { 200: PaymentMethodView }
      }
    },
    async (request) => {
      requireRole(request, 'manager', 'admin');
      return paymentMethodView(await changePaymentMethod(ctx, request.params.id, request.body));
    }
  );
}
