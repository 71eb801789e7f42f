import {
  AppError,
  bearerSecurity,
  listPage,
  PageOf,
  PageQuery,
  requireRole,
  type HttpServer
} from '@style-flow/platform';
import { Type } from 'typebox';
import { findPayment } from '../data/payment-repository.ts';
import { findRefund, refundsOfPayment } from '../data/refund-repository.ts';
import { visiblePayment } from '../domain/payment-rights.ts';
import { refundPayment } from '../domain/refund-payment.ts';
import type { PaymentContext } from '../payment-context.ts';
import { answerIdempotently } from './idempotent.ts';
import { refundInput } from './input.ts';
import { IdempotencyHeaders, IdParams, RefundAnswer, RefundBody, RefundParams, RefundView } from './schemas.ts';
import { paymentView, refundView } from './views.ts';

const tags = ['refunds'];
const security = bearerSecurity;

export function registerRefundRoutes(app: HttpServer, ctx: PaymentContext): void {
  const preHandler = ctx.auth.required;

  app.post(
    '/payments/:id/refund',
    {
      preHandler,
      // The body is optional: none refunds everything that remains (a JSON null is still a wrong body).
      preValidation: async (request) => {
        if (request.body === undefined) request.body = {};
      },
      schema: {
        tags,
        security,
        summary: 'Refund a payment, in full by default or in part (admin)',
        description:
          'The refunds of a payment never sum past its amount. Idempotency-Key as on POST /payments. A refund the provider refuses answers status failed; one it has not answered yet, pending.',
        headers: IdempotencyHeaders,
        params: IdParams,
        body: RefundBody,
        response: { 201: RefundAnswer }
      }
    },
    async (request, reply) => {
      const admin = requireRole(request, 'admin');
      const { id } = request.params;
      const payment = await findPayment(ctx.db, id);
      if (!payment) throw new AppError('NOT_FOUND', `No payment ${id}.`);
      const input = refundInput(request.body, payment);
      return answerIdempotently(
        ctx,
        request,
        reply,
        { callerId: admin.userId, route: `POST /payments/${id}/refund` },
        { ...input },
        async (claimId) => {
          const refund = await refundPayment(ctx, payment, input, admin, claimId, request.traceparent);
          const after = (await findPayment(ctx.db, id))!;
          return {
            status: 201,
            body: { ...refundView(refund, after), payment: paymentView(after) },
            location: `/payments/${id}/refunds/${refund.id}`
          };
        }
      );
    }
  );

  app.get(
    '/payments/:id/refunds',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'The refunds of a payment (its payer, manager, admin)',
        params: IdParams,
        querystring: Type.Object(PageQuery, { additionalProperties: false }),
        response: { 200: PageOf(RefundView) }
      }
    },
    async (request) => {
      const { id } = request.params;
      const payment = visiblePayment(request.principal!, await findPayment(ctx.db, id), id);
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => refundsOfPayment(ctx.db, id, after?.[0] ?? null, n),
        (r) => [r.id],
        (r) => refundView(r, payment)
      );
    }
  );

  app.get(
    '/payments/:id/refunds/:refund_id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'One refund of a payment (its payer, manager, admin)',
        params: RefundParams,
        response: { 200: RefundView }
      }
    },
    async (request) => {
      const { id, refund_id } = request.params;
      const payment = visiblePayment(request.principal!, await findPayment(ctx.db, id), id);
      const refund = await findRefund(ctx.db, refund_id);
      if (!refund || refund.payment_id !== id)
        throw new AppError('NOT_FOUND', `No refund ${refund_id} of payment ${id}.`);
      return refundView(refund, payment);
    }
  );
}
