import { bearerSecurity, listPage, PageOf, toInstant, type HttpServer } from '@style-flow/platform';
import { listTransactions, sumTransactions } from '../data/ledger-repository.ts';
import { sumsPerCurrency, summaryWindow, MAX_PERIODS } from '../domain/ledger-summary.ts';
import { assertSeesTotals, listedUser } from '../domain/payment-rights.ts';
import type { PaymentContext } from '../payment-context.ts';
import { LedgerSummaryQuery, LedgerSummaryView, ListTransactionsQuery, TransactionView } from './schemas.ts';
import { ledgerSummaryView, transactionView } from './views.ts';

const instant = (value: string | undefined, path: string) => (value === undefined ? undefined : toInstant(value, path));

export function registerTransactionRoutes(app: HttpServer, ctx: PaymentContext): void {
  app.get(
    '/transactions',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['ledger'],
        security: bearerSecurity,
        summary: "The ledger, one row per movement of money (the caller's own; a manager's or an admin's, anyone's)",
        description:
          'Rows are never changed or deleted; for every payment they sum to the amount it keeps (amount − refunded).',
        querystring: ListTransactionsQuery,
        response: { 200: PageOf(TransactionView) }
      }
    },
    async (request) => {
      const { payment_id, event_id, client_id, kind, from, to } = request.query;
      const user_id = listedUser(request.principal!, request.query.user_id);
      if (user_id === null) return { data: [], next_cursor: null };
      const filter = {
        payment_id,
        event_id,
        client_id,
        user_id,
        kind,
        from: instant(from, '/from'),
        to: instant(to, '/to')
      };
      return listPage(
        ctx.cursors,
        request,
        ['id'],
        (after, n) => listTransactions(ctx.db, filter, after?.[0] ?? null, n),
        (t) => [t.id],
        transactionView
      );
    }
  );

  // Staff's charts need sums, not rows: summed by the database over the created_at index, rather than every row
  // of the window sent page by page to be added up by the caller.
  app.get(
    '/transactions/summary',
    {
      preHandler: ctx.auth.required,
      schema: {
        tags: ['ledger'],
        security: bearerSecurity,
        summary: 'The ledger summed per currency and per day, week or month (manager, admin)',
        description:
          `The signed amounts of the rows with from ≤ created_at < to, as the sum of GET /transactions over the same ` +
          `window gives them: charges and reversals less refunds. At most ${MAX_PERIODS} periods.`,
        querystring: LedgerSummaryQuery,
        response: { 200: LedgerSummaryView }
      }
    },
    async (request) => {
      assertSeesTotals(request.principal!);
      const { from, to, interval = 'week' } = request.query;
      const window = summaryWindow(toInstant(from, '/from'), toInstant(to, '/to'), interval);
      const rows = await sumTransactions(ctx.db, window);
      return ledgerSummaryView(window, sumsPerCurrency(window, rows));
    }
  );
}
