import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { alertBox, notice, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { price, type EventItem } from './events-views.ts';

export type Registration = Json<'/events/{id}/register', 'post'>;

export interface PanelState {
  event: EventItem;
  mine: Registration | null;
  error?: string | null;
  message?: string | null;
}

function registrationActions(page: PageContext, e: EventItem, r: Registration): Html {
  const { t } = page;
  const base = `/app/events/${e.id}/registrations/${r.id}`;
  const cancel = postForm(
    page,
    `${base}/cancel`,
    html`<button type="submit" class="secondary">${t('event.cancel')}</button>`,
    html`class="inline" hx-post="${base}/cancel" hx-target="#registration" hx-swap="outerHTML"`
  );
  const ticket =
    r.status === 'confirmed'
      ? html`<a class="button" href="${base}/ticket">${t('ticket.show')}</a>
          <a href="${base}/ticket.pdf">${t('ticket.pdf')}</a> <a href="${base}/ticket.ics">${t('ticket.ics')}</a>`
      : '';
  const pay =
    r.status === 'pending_payment'
      ? html`<a class="button" href="/app/events/${e.id}/pay">${t('event.pay', { amount: price(page, e) })}</a>
          ${r.hold_expires_at ? html`<p>${t('event.holdUntil', { time: page.fmt.dateTime(r.hold_expires_at) })}</p>` : ''}`
      : '';
  return html`<p><strong>${t('event.yourRegistration')}:</strong> ${t(`registration.${r.status}`)}</p>
    <p>${ticket} ${pay} ${cancel}</p>`;
}

/** The part of the event page about the reader's own registration: what htmx swaps after register or cancel. */
export function registrationPanel(page: PageContext, s: PanelState): Html {
  const { t, me } = page;
  const e = s.event;
  const open = e.status === 'scheduled' && new Date(e.start_date).getTime() > Date.now();
  let content: Html;
  if (!me)
    content = html`<p>
      <a href="/app/sign-in?back=${encodeURIComponent(`/app/events/${e.id}`)}">${t('event.registerHint')}</a>
    </p>`;
  else if (s.mine && s.mine.status !== 'cancelled') content = registrationActions(page, e, s.mine);
  else if (open)
    content = postForm(
      page,
      `/app/events/${e.id}/register`,
      html`<button type="submit">${t('event.register')}</button>`,
      html`hx-post="/app/events/${e.id}/register" hx-target="#registration" hx-swap="outerHTML"`
    );
  else content = html``;
  return html`<section id="registration" aria-labelledby="registration-title" aria-live="polite">
    <h2 id="registration-title">${t('event.yourRegistration')}</h2>
    ${notice(s.message)} ${content} ${alertBox(s.error)}
  </section>`;
}

export function eventView(page: PageContext, panel: PanelState): PageView {
  const { t, fmt } = page;
  const e = panel.event;
  return {
    title: e.title,
    body: html`<p><a href="/app/">${t('common.back')}</a></p>
      <h1>${e.title}</h1>
      ${e.status === 'cancelled' ? html`<p class="alert">${t('events.cancelled')}</p>` : ''}
      <dl class="facts">
        <dt>${t('event.when')}</dt>
        <dd>${fmt.eventSpan(e.start_date, e.end_date, e.time_zone, true)}</dd>
        ${
          e.location
            ? html`<dt>${t('event.where')}</dt>
                <dd>${e.location}</dd>`
            : ''
        }
        <dt>${t('event.price')}</dt>
        <dd>${price(page, e)}</dd>
        <dt>${t('event.seats')}</dt>
        <dd>${t('events.seats', { available: e.available_seats, capacity: e.capacity })}</dd>
      </dl>
      ${e.description ? html`<p>${e.description}</p>` : ''} ${registrationPanel(page, panel)}`
  };
}
