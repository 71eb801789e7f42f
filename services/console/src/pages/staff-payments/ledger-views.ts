import type { PageContext } from '../../http/page-context.ts';
import { emptyState, pager } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { choiceField, dayField, filterForm, idField, invalidFilters } from './filter-form.ts';
import { filtersHref, type FilterSpec, type Filters } from './list-filters.ts';
import { ledgerKinds, type LedgerRow } from './payment-types.ts';

const LEDGER = '/app/staff/payments/ledger';
export const ledgerFilterSpecs: readonly FilterSpec[] = [
  { name: 'kind', kind: 'choice', choices: ledgerKinds },
  { name: 'payment_id', kind: 'id' },
  { name: 'event_id', kind: 'id' },
  { name: 'user_id', kind: 'id' },
  { name: 'client_id', kind: 'id' },
  { name: 'from', kind: 'date', edge: 'from' },
  { name: 'to', kind: 'date', edge: 'to' }
];

function labels(page: PageContext): Record<string, string> {
  const { t } = page;
  return {
    kind: t('staffPayments.kind'),
    payment_id: t('staffPayments.paymentId'),
    event_id: t('staffPayments.eventId'),
    user_id: t('staffPayments.userId'),
    client_id: t('staffPayments.clientId'),
    from: t('staffPayments.from'),
    to: t('staffPayments.to')
  };
}

/** Ledger rows; `linkPayments` is off on a payment's own page, where every row is that payment's. */
export function ledgerTable(page: PageContext, rows: LedgerRow[], linkPayments = true): Html {
  const { t, fmt } = page;
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${t('staffPayments.entry')}</th>
        <th scope="col">${t('payments.date')}</th>
        <th scope="col">${t('staffPayments.kind')}</th>
        ${linkPayments ? html`<th scope="col">${t('staffPayments.payment')}</th>` : ''}
        <th scope="col">${t('payments.amount')}</th>
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr>
            <th scope="row">${r.id}</th>
            <td>${fmt.dateTime(r.created_at)}</td>
            <td>${t(`staffPayments.kind.${r.kind}`)}</td>
            ${
              linkPayments
                ? html`<td>
                    <a href="/app/staff/payments/${r.payment_id}">${t('staffPayments.number', { id: r.payment_id })}</a>
                  </td>`
                : ''
            }
            <td class="num">${fmt.money(r.amount, r.currency)}</td>
          </tr>`
      )}
    </tbody>
  </table>`;
}

export function ledgerList(page: PageContext, f: Filters, rows: LedgerRow[], next: string | null): Html {
  const { t } = page;
  const empty = f.cursor || Object.keys(f.query).length ? 'staffPayments.emptyFiltered' : 'staffPayments.ledgerEmpty';
  return html`<div id="ledger-list">
    ${invalidFilters(page, f, labels(page))} ${rows.length ? ledgerTable(page, rows) : emptyState(t(empty))}
    ${pager(page, next, f.cursor, (c) => filtersHref(LEDGER, f, c))}
    <p><a href="${filtersHref(`${LEDGER}.csv`, f)}" download>${t('staffPayments.ledgerCsv')}</a></p>
  </div>`;
}

export function ledgerView(page: PageContext, f: Filters, list: Html): PageView {
  const { t } = page;
  const l = labels(page);
  const kinds = ledgerKinds.map((k) => ({ value: k, label: t(`staffPayments.kind.${k}`) }));
  return {
    title: t('staffPayments.ledgerTitle'),
    body: html`<p><a href="/app/staff/payments">${t('staffPayments.backToList')}</a></p>
      <h1>${t('staffPayments.ledgerTitle')}</h1>
      <p>${t('staffPayments.ledgerIntro')}</p>
      ${filterForm(
        page,
        LEDGER,
        'ledger-list',
        html`${choiceField('kind', l.kind!, f.values.kind ?? '', kinds, t('staffPayments.any'))}
        ${idField('payment_id', l.payment_id!, f)} ${idField('event_id', l.event_id!, f)}
        ${idField('user_id', l.user_id!, f)} ${idField('client_id', l.client_id!, f)} ${dayField('from', l.from!, f)}
        ${dayField('to', l.to!, f)}`
      )}
      ${list}
      <p class="hint">${t('common.timesIn', { zone: page.fmt.zone })}</p>`
  };
}
