import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { emptyState, pager } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';

export type EventItem = Json<'/events/{id}', 'get'>;
type ListItem = Json<'/events', 'get'>['data'][number];

export interface ListState {
  q: string;
  from: string;
  cursor: string | undefined;
}

export const listHref = (s: ListState, cursor?: string): string => {
  const params = new URLSearchParams({ from: s.from });
  if (s.q) params.set('q', s.q);
  if (cursor) params.set('cursor', cursor);
  return `/app/?${params}`;
};

export function price(page: PageContext, e: { price: string | null; currency: string | null }): string {
  return e.price && e.currency ? page.fmt.money(e.price, e.currency) : page.t('common.free');
}

function card(page: PageContext, e: ListItem): Html {
  const { t, fmt } = page;
  return html`<li>
    <h2><a href="/app/events/${e.id}">${e.title}</a></h2>
    <p>${fmt.eventSpan(e.start_date, e.end_date, e.time_zone)}${e.location ? html` · ${e.location}` : ''}</p>
    <p>${e.status === 'cancelled' ? t('events.cancelled') : price(page, e)}</p>
  </li>`;
}

/** The list itself: what htmx swaps when the search changes or the next page is asked for. */
export function eventList(page: PageContext, s: ListState, items: ListItem[], next: string | null): Html {
  const { t } = page;
  if (items.length === 0)
    return html`<div id="event-list">
      ${emptyState(s.q ? t('events.emptySearch', { q: s.q }) : t('events.empty'))}
    </div>`;
  return html`<div id="event-list">
    <ul class="cards">
      ${items.map((e) => card(page, e))}
    </ul>
    ${pager(page, next, s.cursor, (c) => listHref(s, c))}
    <p class="hint">${t('common.eventTimesIn', { zone: page.fmt.zone })}</p>
  </div>`;
}

export function eventsView(page: PageContext, s: ListState, list: Html, message: string | null): PageView {
  const { t } = page;
  return {
    title: t('events.title'),
    body: html`<h1>${t('events.title')}</h1>
      ${message ? html`<div class="notice" role="status">${message}</div>` : ''}
      <form
        class="search"
        method="get"
        action="/app/"
        role="search"
        hx-get="/app/"
        hx-target="#event-list"
        hx-select="#event-list"
        hx-swap="outerHTML"
        hx-push-url="true"
        hx-trigger="submit, input changed delay:400ms from:#f-q"
      >
        <input type="hidden" name="from" value="${s.from}" />
        <div>
          <label for="f-q">${t('events.searchLabel')}</label>
          <input id="f-q" name="q" type="search" value="${s.q}" />
        </div>
        <button type="submit">${t('common.search')}</button>
      </form>
      ${list}`
  };
}
