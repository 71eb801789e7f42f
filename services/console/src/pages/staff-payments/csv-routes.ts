import { ProblemError } from '@style-flow/client';
import { apiPages, streamCsv } from '../../http/csv-export.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole } from '../../http/page-context.ts';
import { ledgerFilterSpecs } from './ledger-views.ts';
import { BadFilter, readFilters, type Filters } from './list-filters.ts';
import { methodsById } from './payment-data.ts';
import { paymentFilterSpecs } from './payments-views.ts';

/**
 * A decimal string as a CSV number when the number says exactly the same (so a spreadsheet sums it, and a refund's
 * "-500.25" is not mistaken for a formula and escaped); a value a double cannot hold exactly stays text.
 */
function amountCell(s: string): string | number {
  const n = Number(s);
  const plain = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return Number.isFinite(n) && String(n) === plain ? n : s;
}

/** The filters of the list page, all of the rows they select (not one page), cursor ignored. */
function apiQuery(f: Filters) {
  return { ...f.query, limit: 200 };
}

/**
 * CSV exports of the payments list and of the ledger, with the filters the page shows (RFC 4180, streamed page by
 * page: a long export never sits in memory). A filter the page would refuse is refused here too (the 400 page).
 */
export const csvRoutes: PageRoutes = (app) => {
  app.get('/staff/payments.csv', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const f = readFilters(paymentFilterSpecs, request.query);
    if (f.invalid.length) throw new BadFilter();
    const { api } = request.page;
    const methods = await methodsById(api);
    const payments = apiPages(async (cursor) => {
      const { data, error, response } = await api.GET('/payments', {
        params: { query: { ...apiQuery(f), ...(cursor ? { cursor } : {}) } }
      });
      if (!data) throw new ProblemError(response, error);
      return data;
    });
    async function* rows() {
      for await (const p of payments)
        yield [
          p.id,
          p.created_at,
          p.status,
          amountCell(p.amount),
          amountCell(p.refunded_amount),
          p.currency,
          methods.get(p.payment_method_id)?.name ?? p.payment_method_type,
          p.payment_method_type,
          p.user_id,
          p.event_id,
          p.client_id,
          p.description,
          p.invoice_number,
          p.settled_at,
          p.failure_reason
        ] as const;
    }
    const header = [
      'id',
      'created_at',
      'status',
      'amount',
      'refunded_amount',
      'currency',
      'method',
      'method_type',
      'user_id',
      'event_id',
      'client_id',
      'description',
      'invoice_number',
      'settled_at',
      'failure_reason'
    ];
    return streamCsv(reply, 'payments.csv', header, rows());
  });

  app.get('/staff/payments/ledger.csv', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const f = readFilters(ledgerFilterSpecs, request.query);
    if (f.invalid.length) throw new BadFilter();
    const { api } = request.page;
    const entries = apiPages(async (cursor) => {
      const { data, error, response } = await api.GET('/transactions', {
        params: { query: { ...apiQuery(f), ...(cursor ? { cursor } : {}) } }
      });
      if (!data) throw new ProblemError(response, error);
      return data;
    });
    async function* rows() {
      for await (const r of entries)
        yield [
          r.id,
          r.created_at,
          r.kind,
          amountCell(r.amount),
          r.currency,
          r.payment_id,
          r.refund_id,
          r.user_id,
          r.event_id,
          r.client_id
        ] as const;
    }
    const header = [
      'id',
      'created_at',
      'kind',
      'amount',
      'currency',
      'payment_id',
      'refund_id',
      'user_id',
      'event_id',
      'client_id'
    ];
    return streamCsv(reply, 'ledger.csv', header, rows());
  });
};
