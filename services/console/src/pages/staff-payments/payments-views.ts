import type { PageContext } from '../../http/page-context.ts';
import type { Translate } from '../../i18n/locale.ts';
import { methodLabel } from '../../i18n/methods.ts';
import { emptyState, notice, pager } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { choiceField, dayField, filterForm, idField, invalidFilters } from './filter-form.ts';
import { filtersHref, type FilterSpec, type Filters } from './list-filters.ts';
import { paymentStatuses, waitsForStaff, type Method, type Payment } from './payment-types.ts';

export const PAYMENTS = '/app/staff/payments';
export const paymentFilterSpecs: readonly FilterSpec[] = [
  { name: 'status', kind: 'choice', choices: paymentStatuses },
  { name: 'event_id', kind: 'id' },
  { name: 'user_id', kind: 'id' },
  { name: 'client_id', kind: 'id' },
  { name: 'from', kind: 'date', edge: 'from' },
  { name: 'to', kind: 'date', edge: 'to' }
];

function labels(page: PageContext): Record<string, string> {
  const { t } = page;
  return {
    status: t('common.status'),
    event_id: t('staffPayments.eventId'),
    user_id: t('staffPayments.userId'),
    client_id: t('staffPayments.clientId'),
    from: t('staffPayments.from'),
    to: t('staffPayments.to')
  };
}

export const methodName = (t: Translate, methods: ReadonlyMap<number, Method>, p: Payment): string =>
  methodLabel(t, methods.get(p.payment_method_id) ?? null, p.payment_method_type);

function row(page: PageContext, p: Payment, methods: ReadonlyMap<number, Method>): Html {
  const { t, fmt } = page;
  return html`<tr>
    <th scope="row"><a href="${PAYMENTS}/${p.id}">${t('staffPayments.number', { id: p.id })}</a></th>
    <td>${fmt.date(p.created_at)}</td>
    <td>${p.description ?? ''}${p.event_id ? html` (${t('staffPayments.eventRef', { id: p.event_id })})` : ''}</td>
    <td>${t('staffPayments.userRef', { id: p.user_id })}</td>
    <td>${methodName(t, methods, p)}</td>
    <td class="num">${fmt.money(p.amount, p.currency)}</td>
    <td class="num">${Number(p.refunded_amount) > 0 ? fmt.money(p.refunded_amount, p.currency) : ''}</td>
    <td>
      ${t(`payment.${p.status}`)}
      ${waitsForStaff(p) ? html`<br /><a href="${PAYMENTS}/${p.id}/mark-paid">${t('dashboard.markPaidOf', { id: p.id })}</a>` : ''}
    </td>
  </tr>`;
}

/** The list itself: what htmx swaps when the filter changes or the next page is asked for. */
export function paymentList(
  page: PageContext,
  f: Filters,
  items: Payment[],
  next: string | null,
  methods: ReadonlyMap<number, Method>
): Html {
  const { t } = page;
  const table = items.length
    ? html`<table>
        <caption>
          ${t('staffPayments.listCaption')}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('staffPayments.payment')}</th>
            <th scope="col">${t('payments.date')}</th>
            <th scope="col">${t('payments.description')}</th>
            <th scope="col">${t('staffPayments.payer')}</th>
            <th scope="col">${t('staffPayments.method')}</th>
            <th scope="col">${t('payments.amount')}</th>
            <th scope="col">${t('staffPayments.refunded')}</th>
            <th scope="col">${t('common.status')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map((p) => row(page, p, methods))}
        </tbody>
      </table>`
    : emptyState(t(f.cursor || Object.keys(f.query).length ? 'staffPayments.emptyFiltered' : 'staffPayments.empty'));
  return html`<div id="payment-list">
    ${invalidFilters(page, f, labels(page))} ${table} ${pager(page, next, f.cursor, (c) => filtersHref(PAYMENTS, f, c))}
    <p><a href="${filtersHref(`${PAYMENTS}.csv`, f)}" download>${t('staffPayments.csv')}</a></p>
  </div>`;
}

export function paymentsView(page: PageContext, f: Filters, list: Html, message: string | null): PageView {
  const { t } = page;
  const l = labels(page);
  const statuses = paymentStatuses.map((s) => ({ value: s, label: t(`payment.${s}`) }));
  return {
    title: t('staffPayments.title'),
    body: html`<h1>${t('staffPayments.title')}</h1>
      <p>
        <a href="${PAYMENTS}/new">${t('staffPayments.billLink')}</a> ·
        <a href="${PAYMENTS}/ledger">${t('staffPayments.ledgerLink')}</a>
      </p>
      ${notice(message)}
      ${filterForm(
        page,
        PAYMENTS,
        'payment-list',
        html`${choiceField('status', l.status!, f.values.status ?? '', statuses, t('staffPayments.any'))}
        ${idField('event_id', l.event_id!, f)} ${idField('user_id', l.user_id!, f)}
        ${idField('client_id', l.client_id!, f)} ${dayField('from', l.from!, f)} ${dayField('to', l.to!, f)}`
      )}
      ${list}
      <p class="hint">${t('common.timesIn', { zone: page.fmt.zone })}</p>`
  };
}
