import { randomUUID } from 'node:crypto';
import { ProblemError, withIdempotencyKey, type Json, type JsonBody } from '@style-flow/client';
import type { FastifyRequest } from 'fastify';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireMe, type PageContext } from '../../http/page-context.ts';
import { methodLabel } from '../../i18n/methods.ts';
import { sendPage, seeOther } from '../../http/render.ts';
import { alertBox, emptyState, postForm } from '../../views/components.ts';
import { html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { price, type EventItem } from './events-views.ts';

type Method = Json<'/payment-methods', 'get'>['data'][number];
type Params = { id: string };
type Currency = JsonBody<'/payments', 'post'>['currency'];

/**
 * Paying a paid event (SPEC §3.6): a payment of the event's price for the event, by a method the organisation
 * accepts. Cards are charged at once; other methods wait for staff. The form carries an Idempotency-Key made when it
 * was drawn, so a double click or a resent form pays once.
 */
export const payRoutes: PageRoutes = (app, ctx) => {
  app.get<{ Params: Params }>('/events/:id/pay', async (request, reply) => {
    requireMe(request);
    const { event, methods } = await load(request, request.params.id);
    return sendPage(ctx, request, reply, payView(request.page, event, methods, randomUUID()));
  });

  app.post<{ Params: Params }>('/events/:id/pay', async (request, reply) => {
    requireMe(request);
    const { event, methods } = await load(request, request.params.id);
    const key = /^[0-9a-f-]{36}$/.test(text(request.body, 'key')) ? text(request.body, 'key') : randomUUID();
    if (!event.price || !event.currency) return seeOther(reply, `/app/events/${event.id}`);
    const { data, error, response } = await request.page.api.POST('/payments', {
      params: { header: withIdempotencyKey(key) },
      body: {
        amount: event.price,
        currency: event.currency as Currency,
        event_id: event.id,
        payment_method_id: Number(text(request.body, 'payment_method_id')),
        description: event.title
      }
    });
    if (!data) {
      const view = payView(request.page, event, methods, key, apiMessage(request.page, error));
      return sendPage(ctx, request, reply, view, response.status);
    }
    return seeOther(reply, `/app/my/payments?m=${data.status}`);
  });
};

async function load(request: FastifyRequest, rawId: string): Promise<{ event: EventItem; methods: Method[] }> {
  const id = Number(rawId);
  if (!Number.isInteger(id) || id < 1 || id > 2 ** 31 - 1)
    throw new ProblemError(new Response(null, { status: 404 }), null);
  const { api } = request.page;
  const [event, methods] = await Promise.all([
    api.GET('/events/{id}', { params: { path: { id } } }),
    api.GET('/payment-methods', { params: { query: { limit: 200 } } })
  ]);
  if (!event.data) throw new ProblemError(event.response, event.error);
  return { event: event.data, methods: (methods.data?.data ?? []).filter((m) => m.is_active) };
}

function payView(page: PageContext, event: EventItem, methods: Method[], key: string, error?: string | null): PageView {
  const { t } = page;
  const title = t('pay.title', { event: event.title });
  const choices = methods.map(
    (m, i) =>
      html`<div>
        <input type="radio" id="m-${m.id}" name="payment_method_id" value="${m.id}" ${i === 0 ? html`checked` : ''} />
        <label for="m-${m.id}" class="inline">${methodLabel(t, m)}</label>
      </div>`
  );
  const form = postForm(
    page,
    `/app/events/${event.id}/pay`,
    html`<input type="hidden" name="key" value="${key}" />
      <p><strong>${t('pay.amount')}:</strong> ${price(page, event)}</p>
      <fieldset>
        <legend>${t('pay.method')}</legend>
        ${choices}
      </fieldset>
      <div><button type="submit">${t('pay.submit')}</button></div>`,
    html`class="stack"`
  );
  return {
    title,
    body: html`<p><a href="/app/events/${event.id}">${t('common.back')}</a></p>
      <h1>${title}</h1>
      ${alertBox(error)} ${methods.length === 0 ? emptyState(t('pay.noMethods')) : form}`
  };
}
