import { Readable } from 'node:stream';
import type { ReadableStream as WebStream } from 'node:stream/web';
import { ProblemError } from '@style-flow/client';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendFragment, sendPage, wantsFragment } from '../../http/render.ts';
import type { Translate } from '../../i18n/locale.ts';
import { readFilters } from './list-filters.ts';
import { loadPaymentPage, methodsById } from './payment-data.ts';
import { idParam } from './payment-types.ts';
import { paymentView } from './payment-view.ts';
import { paymentFilterSpecs, paymentList, paymentsView } from './payments-views.ts';

type Params = { id: string };
const PAGE_SIZE = 50;

/** The payments list with its filters, one payment's page, and its invoice PDF passed through from the API. */
export const paymentPageRoutes: PageRoutes = (app, ctx) => {
  app.get('/staff/payments', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const f = readFilters(paymentFilterSpecs, request.query);
    const { api, t } = request.page;
    const [list, methods] = await Promise.all([
      api.GET('/payments', {
        params: { query: { ...f.query, limit: PAGE_SIZE, ...(f.cursor ? { cursor: f.cursor } : {}) } }
      }),
      methodsById(api)
    ]);
    if (!list.data) throw new ProblemError(list.response, list.error);
    const fragment = paymentList(request.page, f, list.data.data, list.data.next_cursor, methods);
    if (wantsFragment(request, 'payment-list')) return sendFragment(reply, fragment);
    const m = (request.query as { m?: string }).m;
    const message = doneMessage(t, m);
    return sendPage(ctx, request, reply, paymentsView(request.page, f, fragment, message));
  });

  app.get<{ Params: Params }>('/staff/payments/:id', async (request, reply) => {
    const me = requireRole(request, 'manager', 'admin');
    const data = await loadPaymentPage(request, idParam(request.params.id));
    const m = (request.query as { m?: string }).m;
    return sendPage(
      ctx,
      request,
      reply,
      paymentView(request.page, { ...data, canRefund: me.role === 'admin', message: doneMessage(request.page.t, m) })
    );
  });

  // The API's PDF goes to the browser as the API made it: its type and file name kept, the bytes streamed through.
  app.get<{ Params: Params }>('/staff/payments/:id/invoice.pdf', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idParam(request.params.id);
    if (id === null) return reply.callNotFound();
    const { data, error, response } = await request.page.api.GET('/payments/{id}/invoice', {
      params: { path: { id } },
      headers: { accept: 'application/pdf' },
      parseAs: 'stream'
    });
    if (!response.ok || !data) throw new ProblemError(response, error);
    const disposition = response.headers.get('content-disposition') ?? `inline; filename="invoice-${id}.pdf"`;
    reply
      .type(response.headers.get('content-type') ?? 'application/pdf')
      .header('content-disposition', disposition)
      .header('cache-control', 'private, no-store');
    // No content-length: fetch may have undone a content-encoding, so the API's length need not be these bytes'.
    return reply.send(Readable.fromWeb(data as WebStream));
  });
};

/** The notice a page shows after an action sent the browser back to it (POST/redirect/GET). */
function doneMessage(t: Translate, m: string | undefined): string | null {
  if (m === 'paid') return t('staffPayments.markedPaid');
  if (m === 'billed') return t('staffPayments.billed');
  if (m === 'refund-completed') return t('staffPayments.refunded.completed');
  if (m === 'refund-pending') return t('staffPayments.refunded.pending');
  if (m === 'refund-failed') return t('staffPayments.refunded.failed');
  return null;
}
