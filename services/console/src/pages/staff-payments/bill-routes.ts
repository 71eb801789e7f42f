import { randomUUID } from 'node:crypto';
import { withIdempotencyKey } from '@style-flow/client';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole, type PageContext } from '../../http/page-context.ts';
import { methodLabel } from '../../i18n/methods.ts';
import { sendPage, seeOther } from '../../http/render.ts';
import { alertBox, field, postForm } from '../../views/components.ts';
import { html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { selectField } from '../admin/kit.ts';
import { parseAmount } from './parse-amount.ts';
import { PAYMENTS } from './payments-views.ts';

const CURRENCIES = ['RUB', 'EUR', 'USD'] as const;
type Currency = (typeof CURRENCIES)[number];
const isCurrency = (c: string): c is Currency => (CURRENCIES as readonly string[]).includes(c);

interface Typed {
  client_id: string;
  event_id: string;
  amount: string;
  currency: string;
  payment_method_id: string;
  description: string;
  key: string;
}

/**
 * Staff bill a client (SPEC §3.6: `client_id` on a payment is for staff): a payment for a client, optionally for one
 * of its events, by any accepted method. The form carries an Idempotency-Key made when it was drawn, so a double
 * click or a resent form makes one payment. The API decides everything else (the client exists, the amount suits the
 * currency) and its refusal is shown above the form.
 */
export const billRoutes: PageRoutes = (app, ctx) => {
  app.get<{ Querystring: { client_id?: string; event_id?: string } }>('/staff/payments/new', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const typed: Typed = {
      client_id: request.query.client_id ?? '',
      event_id: request.query.event_id ?? '',
      amount: '',
      currency: 'RUB',
      payment_method_id: '',
      description: '',
      key: randomUUID()
    };
    return sendPage(ctx, request, reply, await billView(request.page, typed, null));
  });

  app.post('/staff/payments/new', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const { page } = request;
    const typed: Typed = {
      client_id: text(request.body, 'client_id'),
      event_id: text(request.body, 'event_id'),
      amount: text(request.body, 'amount'),
      currency: text(request.body, 'currency'),
      payment_method_id: text(request.body, 'payment_method_id'),
      description: text(request.body, 'description').slice(0, 500),
      key: /^[0-9a-f-]{36}$/.test(text(request.body, 'key')) ? text(request.body, 'key') : randomUUID()
    };
    const amount = parseAmount(typed.amount, page.locale);
    const clientId = Number(typed.client_id);
    const methodId = Number(typed.payment_method_id);
    const eventId = typed.event_id === '' ? null : Number(typed.event_id);
    const refuse = async (message: string, status: number) =>
      sendPage(ctx, request, reply, await billView(page, typed, message), status);
    if (amount === null) return refuse(page.t('staffPayments.badAmount', { amount: typed.amount }), 400);
    if (!Number.isSafeInteger(clientId) || clientId < 1 || !Number.isSafeInteger(methodId) || methodId < 1)
      return refuse(page.t('bill.pickClient'), 400);
    if (eventId !== null && (!Number.isSafeInteger(eventId) || eventId < 1))
      return refuse(page.t('bill.badEvent'), 400);
    const currency = typed.currency;
    if (!isCurrency(currency)) return refuse(page.t('bill.pickClient'), 400);
    const { data, error, response } = await page.api.POST('/payments', {
      params: { header: withIdempotencyKey(typed.key) },
      body: {
        amount,
        currency,
        client_id: clientId,
        payment_method_id: methodId,
        ...(eventId !== null ? { event_id: eventId } : {}),
        ...(typed.description ? { description: typed.description } : {})
      }
    });
    if (!data) return refuse(apiMessage(page, error), response.status);
    return seeOther(reply, `${PAYMENTS}/${data.id}?m=billed`);
  });
};

async function billView(page: PageContext, typed: Typed, error: string | null): Promise<PageView> {
  const { t, api } = page;
  // The choices: the clients and the methods the API gives this person (the first 200; a client further down is
  // reached from its own page, whose link fills it in).
  const [clients, methods] = await Promise.all([
    api.GET('/clients', { params: { query: { limit: 200, status: 'active' } } }),
    api.GET('/payment-methods', { params: { query: { limit: 200 } } })
  ]);
  const clientOptions = (clients.data?.data ?? []).map((c) => ({
    value: String(c.id),
    label: `${c.name} (№ ${c.id})`
  }));
  if (typed.client_id && !clientOptions.some((o) => o.value === typed.client_id))
    clientOptions.unshift({ value: typed.client_id, label: `№ ${typed.client_id}` });
  const methodOptions = (methods.data?.data ?? [])
    .filter((m) => m.is_active)
    .map((m) => ({ value: String(m.id), label: methodLabel(t, m) }));
  return {
    title: t('bill.title'),
    body: html`<p><a href="${PAYMENTS}">${t('staffPayments.title')}</a></p>
      <h1>${t('bill.title')}</h1>
      ${alertBox(error)}
      ${postForm(
        page,
        `${PAYMENTS}/new`,
        html`<input type="hidden" name="key" value="${typed.key}" />
          ${selectField({
            name: 'client_id',
            label: t('bill.client'),
            options: [{ value: '', label: '—' }, ...clientOptions],
            value: typed.client_id
          })}
          ${field({ name: 'event_id', label: t('bill.event'), type: 'number', value: typed.event_id })}
          ${field({ name: 'amount', label: t('bill.amount'), value: typed.amount, required: true, hint: t('bill.amountHint') })}
          ${selectField({
            name: 'currency',
            label: t('bill.currency'),
            options: CURRENCIES.map((c) => ({ value: c, label: c })),
            value: typed.currency
          })}
          ${selectField({ name: 'payment_method_id', label: t('bill.method'), options: methodOptions, value: typed.payment_method_id })}
          ${field({ name: 'description', label: t('bill.description'), value: typed.description })}
          <button type="submit">${t('bill.submit')}</button>`,
        html`class="stack"`
      )}`
  };
}
