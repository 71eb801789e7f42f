import { ProblemError, type Json } from '@style-flow/client';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireMe, type PageContext } from '../../http/page-context.ts';
import { sendPage } from '../../http/render.ts';
import { emptyState, notice, pager } from '../../views/components.ts';
import { html } from '../../views/html.ts';

type Payment = Json<'/payments', 'get'>['data'][number];
const statuses = new Set(['pending', 'completed', 'failed', 'partially_refunded', 'refunded']);

/** My payments, newest page first as the API gives them, with each invoice as a PDF through the console. */
export const paymentsRoutes: PageRoutes = (app, ctx) => {
  app.get('/my/payments', async (request, reply) => {
    const me = requireMe(request);
    const q = request.query as { cursor?: string; m?: string };
    const cursor = q.cursor || undefined;
    const { api, t } = request.page;
    const { data, error, response } = await api.GET('/payments', {
      params: { query: { user_id: me.id, limit: 50, ...(cursor ? { cursor } : {}) } }
    });
    if (!data) throw new ProblemError(response, error);
    const done = q.m && statuses.has(q.m) ? t('pay.done', { status: t(`payment.${q.m as Payment['status']}`) }) : null;
    const list = data.data.length
      ? html`<table>
          <thead>
            <tr>
              <th scope="col">${t('payments.date')}</th>
              <th scope="col">${t('payments.description')}</th>
              <th scope="col">${t('payments.amount')}</th>
              <th scope="col">${t('common.status')}</th>
            </tr>
          </thead>
          <tbody>
            ${data.data.map((p) => row(request.page, p))}
          </tbody>
        </table>`
      : emptyState(t('payments.empty'));
    const href = (c?: string) => (c ? `/app/my/payments?cursor=${encodeURIComponent(c)}` : '/app/my/payments');
    return sendPage(ctx, request, reply, {
      title: t('payments.title'),
      body: html`<h1>${t('payments.title')}</h1>
        ${notice(done)}${list}${pager(request.page, data.next_cursor, cursor, href)}`
    });
  });

  app.get<{ Params: { id: string } }>('/my/payments/:id/invoice.pdf', async (request, reply) => {
    requireMe(request);
    const id = Number(request.params.id);
    if (!/^[1-9]\d{0,9}$/.test(request.params.id) || id > 2 ** 31 - 1) return reply.callNotFound();
    const { data, error, response } = await request.page.api.GET('/payments/{id}/invoice', {
      params: { path: { id } },
      headers: { accept: 'application/pdf' },
      parseAs: 'arrayBuffer'
    });
    if (!data) throw new ProblemError(response, error);
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="invoice-${id}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(Buffer.from(data));
  });
};

function row(page: PageContext, p: Payment) {
  const { t, fmt } = page;
  const invoice = p.invoice_number
    ? html`<br /><a href="/app/my/payments/${p.id}/invoice.pdf"
          >${t('payments.invoice', { number: p.invoice_number })}</a
        >`
    : '';
  return html`<tr>
    <td>${fmt.date(p.created_at)}</td>
    <td>${p.description ?? ''}${p.event_id ? html` (<a href="/app/events/${p.event_id}">#${p.event_id}</a>)` : ''}</td>
    <td>${fmt.money(p.amount, p.currency)}</td>
    <td>${t(`payment.${p.status}`)}${invoice}</td>
  </tr>`;
}
