import type { PageContext } from '../../http/page-context.ts';
import { emptyState } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { Dashboard, Part, RecentEvent } from './dashboard-data.ts';
import { failed, section, shortFormats } from './dashboard-parts.ts';

// The operations side of the dashboard: failed messages and webhooks (admins), and the live stream of events.

export function messagesPart(page: PageContext, p: NonNullable<Dashboard['failedMessages']>): Html {
  const { t, fmt } = page;
  return failed(page, p, (messages) =>
    messages.length === 0
      ? emptyState(t('dashboard.noFailedMessages'))
      : html`<table>
          <thead>
            <tr>
              <th scope="col">${t('payments.date')}</th>
              <th scope="col">${t('dashboard.messageType')}</th>
              <th scope="col">${t('dashboard.recipient')}</th>
              <th scope="col">${t('dashboard.answer')}</th>
            </tr>
          </thead>
          <tbody>
            ${messages.map(
              (m) =>
                html`<tr>
                  <td>${fmt.dateTime(m.created_at)}</td>
                  <td>${m.type}</td>
                  <td>${m.to ?? t('staffPayments.userRef', { id: m.recipient_id })}</td>
                  <td>${m.last_response ?? ''}</td>
                </tr>`
            )}
          </tbody>
        </table>`
  );
}

export function webhooksPart(page: PageContext, p: NonNullable<Dashboard['webhooks']>): Html {
  const { t, fmt } = page;
  return failed(page, p, ({ disabled, failed: deliveries }) => {
    if (disabled.length === 0 && deliveries.length === 0) return emptyState(t('dashboard.noFailedWebhooks'));
    const off = disabled.length
      ? html`<h3>${t('dashboard.disabledEndpoints')}</h3>
          <ul>
            ${disabled.map((w) => html`<li>${w.url}${w.disabled_reason ? html` — ${w.disabled_reason}` : ''}</li>`)}
          </ul>`
      : '';
    const lastAttempt = (attempts: { status_code: number | null; error: string | null }[]) => {
      const last = attempts.at(-1);
      return last ? (last.status_code ? String(last.status_code) : (last.error ?? '')) : '';
    };
    const list = deliveries.length
      ? html`<h3>${t('dashboard.failedDeliveries')}</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">${t('payments.date')}</th>
                <th scope="col">${t('dashboard.endpoint')}</th>
                <th scope="col">${t('dashboard.eventType')}</th>
                <th scope="col">${t('dashboard.answer')}</th>
              </tr>
            </thead>
            <tbody>
              ${deliveries.map(
                ({ webhook, delivery }) =>
                  html`<tr>
                    <td>${fmt.dateTime(delivery.created_at)}</td>
                    <td>${webhook.url}</td>
                    <td>${delivery.event_type}</td>
                    <td>${lastAttempt(delivery.attempts)}</td>
                  </tr>`
              )}
            </tbody>
          </table>`
      : '';
    return html`${off} ${list}`;
  });
}

/** The last minute of the event stream; htmx refreshes this part alone every 10 seconds (without it: reload). */
export function recentPart(page: PageContext, recent: Part<RecentEvent[]>): Html {
  const { t } = page;
  const f = shortFormats(page);
  const body = failed(page, recent, (events) =>
    events.length === 0
      ? emptyState(t('dashboard.noRecent'))
      : html`<table>
          <thead>
            <tr>
              <th scope="col">${t('dashboard.time')}</th>
              <th scope="col">${t('dashboard.eventType')}</th>
              <th scope="col">${t('dashboard.source')}</th>
              <th scope="col">${t('dashboard.subject')}</th>
            </tr>
          </thead>
          <tbody>
            ${events.map(
              (e) =>
                html`<tr>
                  <td>${f.time(e.time)}</td>
                  <td>${e.type}</td>
                  <td>${e.source}</td>
                  <td>${e.subject}</td>
                </tr>`
            )}
          </tbody>
        </table>`
  );
  return section(
    'recent-events',
    t('dashboard.recentTitle'),
    html`<p class="hint">${t('dashboard.recentHint', { count: f.count(recent.ok ? recent.value.length : 0) })}</p>
      ${body}`,
    html`hx-get="/app/staff" hx-trigger="every 10s" hx-target="this" hx-select="#recent-events" hx-swap="outerHTML"`
  );
}
