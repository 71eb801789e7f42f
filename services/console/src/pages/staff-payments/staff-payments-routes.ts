import type { PageRoutes } from '../../http/console-app.ts';
import { billRoutes } from './bill-routes.ts';
import { csvRoutes } from './csv-routes.ts';
import { ledgerRoutes } from './ledger-routes.ts';
import { paymentActionRoutes } from './payment-action-routes.ts';
import { paymentPageRoutes } from './payment-routes.ts';

/**
 * Staff payments (SPEC §3.9): the list with filters, a payment's page, mark paid, refunds, the invoice and its credit
 * notes as PDF, the ledger and CSV exports. Managers and admins see all of it; only admins are offered refunds, as
 * only admins may make them (SPEC §2); the API checks every call again.
 */
export const staffPaymentsRoutes: PageRoutes = (app, ctx) => {
  billRoutes(app, ctx);
  paymentPageRoutes(app, ctx);
  paymentActionRoutes(app, ctx);
  ledgerRoutes(app, ctx);
  csvRoutes(app, ctx);
};
