import { randomUUID } from 'node:crypto';
import { withIdempotencyKey } from '@style-flow/client';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendPage, seeOther } from '../../http/render.ts';
import { markPaidView, refundConfirmView } from './confirm-views.ts';
import { loadPayment, loadPaymentPage } from './payment-data.ts';
import { idParam } from './payment-types.ts';
import { paymentView } from './payment-view.ts';
import { parseAmount } from './parse-amount.ts';
import { PAYMENTS } from './payments-views.ts';

type Params = { id: string };

/**
 * Mark paid (manager, admin) and refund (admin), each confirmed on a page of its own before the API is asked. A
 * refusal (a payment no longer pending, a refund beyond what remains) comes back as the API's own message, in the
 * page next to the form, with the API's status.
 */
export const paymentActionRoutes: PageRoutes = (app, ctx) => {
  app.get<{ Params: Params }>('/staff/payments/:id/mark-paid', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const { payment, method } = await loadPayment(request, idParam(request.params.id));
    return sendPage(ctx, request, reply, markPaidView(request.page, payment, method));
  });

  app.post<{ Params: Params }>('/staff/payments/:id/mark-paid', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idParam(request.params.id);
    if (id === null) return reply.callNotFound();
    const { error, response } = await request.page.api.POST('/payments/{id}/complete', { params: { path: { id } } });
    if (response.ok) return seeOther(reply, `${PAYMENTS}/${id}?m=paid`);
    const { payment, method } = await loadPayment(request, id);
    const view = markPaidView(request.page, payment, method, apiMessage(request.page, error));
    return sendPage(ctx, request, reply, view, response.status);
  });

  app.post<{ Params: Params }>('/staff/payments/:id/refund', async (request, reply) => {
    requireRole(request, 'admin');
    const id = idParam(request.params.id);
    if (id === null) return reply.callNotFound();
    const { page } = request;
    const typed = { amount: text(request.body, 'amount'), reason: text(request.body, 'reason').slice(0, 500) };
    const amount = typed.amount === '' ? '' : parseAmount(typed.amount, page.locale);
    const showError = async (message: string, status: number) => {
      const data = await loadPaymentPage(request, id);
      const view = paymentView(page, { ...data, canRefund: true, refundError: message, refundInput: typed });
      return sendPage(ctx, request, reply, view, status);
    };
    if (amount === null) return showError(page.t('staffPayments.badAmount', { amount: typed.amount }), 400);
    if (text(request.body, 'confirm') !== 'yes') {
      const { payment } = await loadPayment(request, id);
      const view = refundConfirmView(page, payment, { amount, reason: typed.reason, key: randomUUID() });
      return sendPage(ctx, request, reply, view);
    }
    // The key was made when the confirmation was drawn: a double click or a resent form refunds once.
    const key = /^[0-9a-f-]{36}$/.test(text(request.body, 'key')) ? text(request.body, 'key') : randomUUID();
    const { data, error, response } = await page.api.POST('/payments/{id}/refund', {
      params: { path: { id }, header: withIdempotencyKey(key) },
      body: { ...(amount ? { amount } : {}), ...(typed.reason ? { reason: typed.reason } : {}) }
    });
    if (!data) return showError(apiMessage(page, error), response.status);
    return seeOther(reply, `${PAYMENTS}/${id}?m=refund-${data.status}`);
  });
};
