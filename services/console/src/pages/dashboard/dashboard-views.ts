import type { PageContext } from '../../http/page-context.ts';
import { emptyState } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { barChart } from './bar-chart.ts';
import { REGISTRATION_DAYS, REVENUE_WEEKS, type Dashboard } from './dashboard-data.ts';
import { failed, section, shortFormats } from './dashboard-parts.ts';
import { fromMilli } from './money-sum.ts';
import { messagesPart, recentPart, webhooksPart } from './operations-views.ts';

const PAYMENTS = '/app/staff/payments';

function eventsPart(page: PageContext, d: Dashboard): Html {
  const { t, fmt } = page;
  const f = shortFormats(page);
  return failed(page, d.events, ({ upcoming, perDay }) => {
    if (upcoming.length === 0) return emptyState(t('dashboard.noEvents'));
    const rows = upcoming.map(
      ({ event: e, waitlisted }) =>
        html`<tr>
          <th scope="row"><a href="/app/events/${e.id}">${e.title}</a></th>
          <td>${fmt.eventTime(e.start_date, e.time_zone)}</td>
          <td>${t('dashboard.seatsTaken', { taken: f.count(e.registered_count), capacity: f.count(e.capacity) })}</td>
          <td>${waitlisted === null ? '—' : f.count(waitlisted)}</td>
        </tr>`
    );
    const table = html`<table>
        <thead>
          <tr>
            <th scope="col">${t('dashboard.event')}</th>
            <th scope="col">${t('dashboard.starts')}</th>
            <th scope="col">${t('dashboard.seats')}</th>
            <th scope="col">${t('dashboard.waitlist')}</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
      ${upcoming.some((u) => u.waitlisted === null) ? html`<p class="hint">${t('dashboard.notYours')}</p>` : ''}`;
    if (!perDay) return table;
    const total = perDay.reduce((a, b) => a + b.count, 0);
    const best = perDay.reduce((a, b) => (b.count > a.count ? b : a), perDay[0]!);
    const chart = barChart(
      {
        id: 'chart-registrations',
        title: t('dashboard.perDayTitle', { days: REGISTRATION_DAYS }),
        summary:
          total === 0
            ? t('dashboard.perDayNone', { days: REGISTRATION_DAYS })
            : t('dashboard.perDaySummary', {
                days: REGISTRATION_DAYS,
                total: f.count(total),
                day: f.day(best.day),
                max: f.count(best.count)
              }),
        labelHeader: t('dashboard.day'),
        valueHeader: t('dashboard.registrations'),
        tableToggle: t('dashboard.showFigures'),
        valuesOnBars: true
      },
      perDay.map((p) => ({ label: f.day(p.day), value: p.count, text: f.count(p.count) }))
    );
    return html`${table}
      <h3>${t('dashboard.perDayTitle', { days: REGISTRATION_DAYS })}</h3>
      ${chart}`;
  });
}

function revenuePart(page: PageContext, d: Dashboard): Html {
  const { t, fmt } = page;
  const f = shortFormats(page);
  return failed(page, d.revenue, (currencies) => {
    if (currencies.length === 0) return emptyState(t('dashboard.noRevenue', { weeks: REVENUE_WEEKS }));
    const totals = html`<table>
      <caption>
        ${t('dashboard.revenueCaption', { weeks: REVENUE_WEEKS })}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('dashboard.currency')}</th>
          <th scope="col">${t('dashboard.revenue')}</th>
        </tr>
      </thead>
      <tbody>
        ${currencies.map(
          (c) =>
            html`<tr>
              <th scope="row">${c.currency}</th>
              <td>${fmt.money(fromMilli(c.total), c.currency)}</td>
            </tr>`
        )}
      </tbody>
    </table>`;
    const charts = currencies.map((c) => {
      const best = c.weeks.reduce((a, b) => (b.sum > a.sum ? b : a), c.weeks[0]!);
      const title = t('dashboard.perWeekTitle', { currency: c.currency, weeks: REVENUE_WEEKS });
      return html`<h3>${title}</h3>
        ${barChart(
          {
            id: `chart-revenue-${c.currency.toLowerCase()}`,
            title,
            summary: t('dashboard.perWeekSummary', {
              currency: c.currency,
              weeks: REVENUE_WEEKS,
              total: fmt.money(fromMilli(c.total), c.currency),
              week: f.day(best.start),
              max: fmt.money(fromMilli(best.sum), c.currency)
            }),
            labelHeader: t('dashboard.weekOf'),
            valueHeader: t('dashboard.revenue'),
            tableToggle: t('dashboard.showFigures')
          },
          c.weeks.map((w) => ({
            label: f.day(w.start),
            value: Number(fromMilli(w.sum)),
            text: fmt.money(fromMilli(w.sum), c.currency)
          }))
        )}`;
    });
    return html`${totals} ${charts}`;
  });
}

function pendingPart(page: PageContext, d: Dashboard): Html {
  const { t, fmt } = page;
  return failed(page, d.pending, ({ items, more }) => {
    if (items.length === 0) return emptyState(t('dashboard.noPending'));
    return html`<table>
        <thead>
          <tr>
            <th scope="col">${t('staffPayments.payment')}</th>
            <th scope="col">${t('payments.date')}</th>
            <th scope="col">${t('staffPayments.payer')}</th>
            <th scope="col">${t('payments.amount')}</th>
            <th scope="col">${t('dashboard.action')}</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (p) =>
              html`<tr>
                <th scope="row"><a href="${PAYMENTS}/${p.id}">${t('staffPayments.number', { id: p.id })}</a></th>
                <td>${fmt.date(p.created_at)}</td>
                <td>${t('staffPayments.userRef', { id: p.user_id })}</td>
                <td>${fmt.money(p.amount, p.currency)}</td>
                <td>
                  <a href="${PAYMENTS}/${p.id}/mark-paid">${t('dashboard.markPaidOf', { id: p.id })}</a>
                </td>
              </tr>`
          )}
        </tbody>
      </table>
      ${more ? html`<p><a href="${PAYMENTS}?status=pending">${t('dashboard.allPending')}</a></p>` : ''}`;
  });
}

export function dashboardView(page: PageContext, d: Dashboard): PageView {
  const { t } = page;
  return {
    title: t('dashboard.title'),
    body: html`<h1>${t('dashboard.title')}</h1>
      <p>
        <a href="${PAYMENTS}">${t('staffPayments.title')}</a> ·
        <a href="${PAYMENTS}/ledger">${t('staffPayments.ledgerTitle')}</a>
      </p>
      ${section('upcoming', t('dashboard.upcomingTitle'), eventsPart(page, d))}
      ${section('revenue', t('dashboard.revenueTitle', { weeks: REVENUE_WEEKS }), revenuePart(page, d))}
      ${section('pending', t('dashboard.pendingTitle'), pendingPart(page, d))}
      ${d.failedMessages ? section('failed-messages', t('dashboard.failedMessagesTitle'), messagesPart(page, d.failedMessages)) : ''}
      ${d.webhooks ? section('failed-webhooks', t('dashboard.failedWebhooksTitle'), webhooksPart(page, d.webhooks)) : ''}
      ${recentPart(page, d.recent)}
      <p class="hint">${t('common.eventTimesIn', { zone: page.fmt.zone })}</p>`
  };
}
