import { bearerSecurity, listPage, PageOf, toInstant, type HttpServer } from '@style-flow/platform';
import { listTransactions } from '../data/ledger-repository.ts';
import { listedUser } from '../domain/payment-rights.ts';
import type { PaymentContext } from '../payment-context.ts';
import { ListTransactionsQuery, TransactionView } from './schemas.ts';
import { transactionView } from './views.ts';

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
}
