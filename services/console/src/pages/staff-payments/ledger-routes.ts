import { ProblemError } from '@style-flow/client';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { sendFragment, sendPage, wantsFragment } from '../../http/render.ts';
import { ledgerFilterSpecs, ledgerList, ledgerView } from './ledger-views.ts';
import { readFilters } from './list-filters.ts';

/** The ledger (SPEC §3.6): every movement of money, oldest first as the API keeps it, with the same filters. */
export const ledgerRoutes: PageRoutes = (app, ctx) => {
  app.get('/staff/payments/ledger', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const f = readFilters(ledgerFilterSpecs, request.query);
    const { data, error, response } = await request.page.api.GET('/transactions', {
      params: { query: { ...f.query, limit: 50, ...(f.cursor ? { cursor: f.cursor } : {}) } }
    });
    if (!data) throw new ProblemError(response, error);
    const list = ledgerList(request.page, f, data.data, data.next_cursor);
    if (wantsFragment(request, 'ledger-list')) return sendFragment(reply, list);
    return sendPage(ctx, request, reply, ledgerView(request.page, f, list));
  });
};
