import { ProblemError, type StyleFlowClient } from '@style-flow/client';
import type { FastifyRequest } from 'fastify';
import { methodLabel } from '../../i18n/methods.ts';
import type { PaymentPage } from './payment-view.ts';
import type { Invoice, Method, Payment } from './payment-types.ts';

const notFound = () => new ProblemError(new Response(null, { status: 404 }), null);

/** The organisation's payment methods by id (a short list: one page of 200 holds them). */
export async function methodsById(api: StyleFlowClient): Promise<Map<number, Method>> {
  const { data } = await api.GET('/payment-methods', { params: { query: { limit: 200 } } });
  return new Map((data?.data ?? []).map((m) => [m.id, m]));
}

export async function loadPayment(
  request: FastifyRequest,
  id: number | null
): Promise<{ payment: Payment; method: string }> {
  if (id === null) throw notFound();
  const { api } = request.page;
  const [payment, methods] = await Promise.all([
    api.GET('/payments/{id}', { params: { path: { id } } }),
    methodsById(api)
  ]);
  if (!payment.data) throw new ProblemError(payment.response, payment.error);
  const p = payment.data;
  return {
    payment: p,
    method: methodLabel(request.page.t, methods.get(p.payment_method_id) ?? null, p.payment_method_type)
  };
}

/** Everything a payment's page shows; the invoice is null until the payment has one (the API's 404). */
export async function loadPaymentPage(
  request: FastifyRequest,
  id: number | null
): Promise<Omit<PaymentPage, 'canRefund'>> {
  const { payment, method } = await loadPayment(request, id);
  const { api } = request.page;
  const path = { id: payment.id };
  const [refunds, invoice, ledger] = await Promise.all([
    api.GET('/payments/{id}/refunds', { params: { path, query: { limit: 200 } } }),
    api.GET('/payments/{id}/invoice', { params: { path } }),
    api.GET('/transactions', { params: { query: { payment_id: payment.id, limit: 200 } } })
  ]);
  if (!refunds.data) throw new ProblemError(refunds.response, refunds.error);
  if (!ledger.data) throw new ProblemError(ledger.response, ledger.error);
  if (!invoice.data && invoice.response.status !== 404) throw new ProblemError(invoice.response, invoice.error);
  return {
    payment,
    method,
    refunds: refunds.data.data,
    invoice: (invoice.data as Invoice | undefined) ?? null,
    ledger: ledger.data.data
  };
}
