import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { alertBox, emptyState, field, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { Category, StaffEvent } from './event-form.ts';
import { displayName, type Person } from './attendees.ts';
import type { Registration } from './registrations-view.ts';

export type CheckInList = Json<'/events/{id}/check-in-lists', 'get'>['data'][number];

export interface DetailState {
  event: StaffEvent;
  category: Category | undefined;
  /** Whether the reader may change the event and see its registrations (its organiser, admins). */
  runs: boolean;
  /** The first of the waiting list, in the order they will be promoted; null when the reader may not see it. */
  waitlist: { items: Registration[]; more: boolean; people: Map<number, Person> } | null;
  lists: CheckInList[];
  notice: Html;
  error?: string | null;
}

function facts(page: PageContext, s: DetailState): Html {
  const { t, fmt } = page;
  const e = s.event;
  return html`<dl class="facts">
      <dt>${t('common.status')}</dt>
      <dd>${t(`staffEvents.status.${e.status}`)}</dd>
      <dt>${t('event.when')}</dt>
      <dd>${fmt.eventSpan(e.start_date, e.end_date, e.time_zone, true)}</dd>
      <dt>${t('event.where')}</dt>
      <dd>${e.location ?? '—'}</dd>
      <dt>${t('staffEvents.category')}</dt>
      <dd>${s.category?.name ?? e.category_id}</dd>
      <dt>${t('event.price')}</dt>
      <dd>${e.price && e.currency ? fmt.money(e.price, e.currency) : t('common.free')}</dd>
      <dt>${t('staffEvents.seatsTaken')}</dt>
      <dd>${t('staffEvents.seatsOf', { taken: e.registered_count, capacity: e.capacity })}</dd>
      <dt>${t('staffEvents.checkedIn')}</dt>
      <dd>${e.checked_in_count}</dd>
      <dt>${t('staffEvents.organiser')}</dt>
      <dd><a href="/app/admin/users/${e.organizer_id}">${t('staffEvents.user', { id: e.organizer_id })}</a></dd>
    </dl>
    ${e.description ? html`<p>${e.description}</p>` : ''}`;
}

function actions(page: PageContext, s: DetailState): Html {
  const { t } = page;
  const e = s.event;
  const base = `/app/staff/events/${e.id}`;
  const open = e.status === 'scheduled';
  return html`<p>
      ${s.runs ? html`<a class="button" href="${base}/registrations">${t('staffEvents.openRegistrations')}</a>` : ''}
      ${open ? html`<a class="button" href="/app/check-in/${e.id}">${t('staffEvents.openCheckIn')}</a>` : ''}
      ${s.runs && open ? html`<a class="button secondary" href="${base}/edit">${t('staffEvents.edit')}</a>` : ''}
      ${s.runs && open ? html`<a class="button secondary" href="${base}/cancel">${t('staffEvents.cancelEvent')}</a>` : ''}
    </p>
    ${s.runs ? '' : html`<p class="hint">${t('staffEvents.notOrganiser')}</p>`}`;
}

function waitlist(page: PageContext, s: DetailState): Html {
  if (!s.waitlist) return html``;
  const { t, fmt } = page;
  const w = s.waitlist;
  return html`<section aria-labelledby="waitlist-title">
    <h2 id="waitlist-title">${t('staffEvents.waitlist')}</h2>
    ${
      w.items.length
        ? html`<table>
              <thead>
                <tr>
                  <th scope="col">${t('staffEvents.position')}</th>
                  <th scope="col">${t('staffEvents.attendee')}</th>
                  <th scope="col">${t('staffEvents.registeredAt')}</th>
                </tr>
              </thead>
              <tbody>
                ${w.items.map((r, i) => {
                  const person = w.people.get(r.user_id);
                  return html`<tr>
                    <td>${i + 1}</td>
                    <th scope="row">${person ? displayName(person) : t('staffEvents.user', { id: r.user_id })}</th>
                    <td>${fmt.dateTime(r.created_at)}</td>
                  </tr>`;
                })}
              </tbody>
            </table>
            ${w.more ? html`<p class="hint">${t('staffEvents.waitlistMore', { n: w.items.length })}</p>` : ''}`
        : emptyState(t('staffEvents.waitlistEmpty'))
    }
  </section>`;
}

function resources(page: PageContext, s: DetailState): Html {
  const { t, fmt } = page;
  const items = s.event.resources;
  return html`<section aria-labelledby="resources-title">
    <h2 id="resources-title">${t('staffEvents.resources')}</h2>
    ${
      items.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${t('staffEvents.resource')}</th>
                <th scope="col">${t('staffEvents.quantity')}</th>
                <th scope="col">${t('staffEvents.from')}</th>
                <th scope="col">${t('staffEvents.to')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.map(
                (r) =>
                  html`<tr>
                    <th scope="row">${r.name}</th>
                    <td>${r.quantity}</td>
                    <td>${fmt.eventTime(r.start_time, s.event.time_zone)}</td>
                    <td>${fmt.eventTime(r.end_time, s.event.time_zone)}</td>
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('staffEvents.resourcesEmpty'))
    }
  </section>`;
}

function lists(page: PageContext, s: DetailState): Html {
  const { t } = page;
  const e = s.event;
  return html`<section aria-labelledby="lists-title">
    <h2 id="lists-title">${t('staffEvents.lists')}</h2>
    ${
      s.lists.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${t('staffEvents.listName')}</th>
                <th scope="col">${t('staffEvents.checkedIn')}</th>
              </tr>
            </thead>
            <tbody>
              ${s.lists.map(
                (l) =>
                  html`<tr>
                    <th scope="row">
                      ${e.status === 'scheduled' ? html`<a href="/app/check-in/${e.id}?list=${l.id}">${l.name}</a>` : l.name}
                      ${l.is_default ? html`(${t('staffEvents.listDefault')})` : ''}
                    </th>
                    <td>${l.checked_in_count}</td>
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('checkIn.noLists'))
    }
    ${
      e.status === 'scheduled'
        ? postForm(
            page,
            `/app/staff/events/${e.id}/check-in-lists`,
            html`${field({ name: 'name', label: t('staffEvents.newList'), required: true })}
              <div><button type="submit">${t('staffEvents.addList')}</button></div>`,
            html`class="stack"`
          )
        : ''
    }
  </section>`;
}

/** An event as its staff see it: the facts, what they may do, the waiting list, resources and check-in lists. */
export function eventDetail(page: PageContext, s: DetailState): Html {
  const { t } = page;
  return html`<p><a href="/app/staff/events">${t('staffEvents.back')}</a></p>
    <h1>${s.event.title}</h1>
    ${s.notice} ${alertBox(s.error)} ${facts(page, s)} ${actions(page, s)} ${waitlist(page, s)} ${resources(page, s)}
    ${lists(page, s)}`;
}
