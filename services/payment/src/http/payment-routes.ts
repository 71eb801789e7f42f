import { bearerSecurity, listPage, PageOf, requireRole, toInstant, type HttpServer } from '@style-flow/platform';
import { findPayment, listPayments } from '../data/payment-repository.ts';
import { completeManualPayment } from '../domain/complete-payment.ts';
import { createPayment } from '../domain/create-payment.ts';
import { listedUser, visiblePayment } from '../domain/payment-rights.ts';
import type { PaymentContext } from '../payment-context.ts';
import { answerIdempotently } from './idempotent.ts';
import { canonicalPayment, paymentInput } from './input.ts';
import { CreatePaymentBody, IdempotencyHeaders, IdParams, ListPaymentsQuery, PaymentView } from './schemas.ts';
import { paymentView } from './views.ts';

const tags = ['payments'];
const security = bearerSecurity;
const instant = (value: string | undefined, path: string) => (value === undefined ? undefined : toInstant(value, path));

export function registerPaymentRoutes(app: HttpServer, ctx: PaymentContext): void {
  const preHandler = ctx.auth.required;

  app.get(
    '/payments',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: "Payments in id order: the caller's own; a manager's or an admin's, anyone's",
        querystring: ListPaymentsQuery,
        response: { 200: PageOf(PaymentView) }
      }
    },
    async (request) => {
      const { status, client_id, event_id, from, to } = request.query;
      const user_id = listedUser(request.principal!, request.query.user_id);
      if (user_id === null) return { data: [], next_cursor: null };
      const filter = { status, client_id, event_id, user_id, from: instant(from, '/from'), to: instant(to, '/to') };
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listPayments(ctx.db, filter, after?.[0] ?? null, n),
        (p) => [p.id],
        paymentView
      );
    }
  );

  app.get(
    '/payments/:id',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'One payment with its refunded and refundable amounts (its payer, manager, admin)',
        params: IdParams,
        response: { 200: PaymentView }
      }
    },
    async (request) => {
      const { id } = request.params;
      return paymentView(visiblePayment(request.principal!, await findPayment(ctx.db, id), id));
    }
  );

  app.post(
    '/payments',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Pay, for oneself; a card is charged at once, cash, bank transfer and invoice wait for staff',
        description:
          'client_id bills a client: managers and admins only (anyone else gets a 403). Idempotency-Key: the same key with the same body answers the first answer (Idempotent-Replayed: true); another body is a 422, a first request still running a 409.',
        headers: IdempotencyHeaders,
        body: CreatePaymentBody,
        response: { 201: PaymentView }
      }
    },
    async (request, reply) => {
      const payer = request.principal!;
      const input = paymentInput(request.body);
      return answerIdempotently(
        ctx,
        request,
        reply,
        { callerId: payer.userId, route: 'POST /payments' },
        canonicalPayment(input),
        async (claimId) => {
          const payment = await createPayment(
            ctx,
            input,
            {
              userId: payer.userId,
              role: payer.role,
              authorization: request.headers.authorization,
              traceparent: request.traceparent
            },
            claimId
          );
          return { status: 201, body: paymentView(payment), location: `/payments/${payment.id}` };
        }
      );
    }
  );

  app.post(
    '/payments/:id/complete',
    {
      preHandler,
      schema: {
        tags,
        security,
        summary: 'Mark a pending cash, bank transfer or invoice payment paid (manager, admin)',
        params: IdParams,
        response: { 200: PaymentView }
      }
    },
    async (request) => {
      requireRole(request, 'manager', 'admin');
      return paymentView(await completeManualPayment(ctx, request.params.id, request.traceparent));
    }
  );
}
