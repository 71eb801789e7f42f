import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { emptyState, pager } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { filterForm, hrefOf, selectField, type Query } from '../admin/kit.ts';

type ListItem = Json<'/events', 'get'>['data'][number];

export const whens = ['upcoming', 'past', 'all'] as const;
export const statuses = ['scheduled', 'cancelled'] as const;

export interface ListFilters extends Query {
  q: string;
  when: (typeof whens)[number];
  status: (typeof statuses)[number] | undefined;
  mine: 'yes' | undefined;
}

/**
 * The API's window for a choice of "when": from or before the start of today (UTC). A fixed boundary for the whole
 * day keeps the filter the same from page to page, which the API's cursors require (SPEC §1).
 */
export function windowOf(when: ListFilters['when']): { from?: string; to?: string } {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  if (when === 'upcoming') return { from: today.toISOString() };
  if (when === 'past') return { to: today.toISOString() };
  return {};
}

export const listHref = (f: ListFilters, cursor?: string): string => hrefOf('/app/staff/events', f, cursor);

/** The table of events: what htmx swaps when a filter changes or the next page is asked for. */
export function eventTable(
  page: PageContext,
  f: ListFilters,
  items: ListItem[],
  next: string | null,
  cursor: string | undefined
): Html {
  const { t, fmt } = page;
  return html`<div id="staff-event-list">
    ${
      items.length
        ? html`<table>
            <caption class="hint">
              ${t('staffEvents.caption')} ${t('common.eventTimesIn', { zone: fmt.zone })}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('staffEvents.event')}</th>
                <th scope="col">${t('staffEvents.start')}</th>
                <th scope="col">${t('common.status')}</th>
                <th scope="col">${t('staffEvents.seatsTaken')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (e) =>
                  html`<tr>
                    <th scope="row"><a href="/app/staff/events/${e.id}">${e.title}</a></th>
                    <td>${fmt.eventTime(e.start_date, e.time_zone)}</td>
                    <td>${t(`staffEvents.status.${e.status}`)}</td>
                    <td>${t('staffEvents.seatsOf', { taken: e.registered_count, capacity: e.capacity })}</td>
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('staffEvents.empty'))
    }
    ${pager(page, next, cursor, (c) => listHref(f, c))}
  </div>`;
}

export function eventFilters(page: PageContext, f: ListFilters): Html {
  const { t } = page;
  return filterForm(
    page,
    '/app/staff/events',
    'staff-event-list',
    html`<div>
        <label for="f-q">${t('staffEvents.search')}</label>
        <input id="f-q" name="q" type="search" value="${f.q}" />
      </div>
      ${selectField({
        name: 'when',
        label: t('staffEvents.when'),
        value: f.when,
        options: whens.map((w) => ({ value: w, label: t(`staffEvents.when.${w}`) }))
      })}
      ${selectField({
        name: 'status',
        label: t('common.status'),
        value: f.status,
        options: [
          { value: '', label: t('staffEvents.anyStatus') },
          ...statuses.map((s) => ({ value: s, label: t(`staffEvents.status.${s}`) }))
        ]
      })}
      <div>
        <label
          ><input id="f-mine" name="mine" type="checkbox" value="yes" ${f.mine ? html`checked` : ''} />
          ${t('staffEvents.mine')}</label
        >
      </div>`
  );
}
