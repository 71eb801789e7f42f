import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { alertBox, emptyState, pager, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { filterForm, hrefOf, selectField, type Query } from '../admin/kit.ts';
import { displayName, type Person } from './attendees.ts';
import type { StaffEvent } from './event-form.ts';

export type Registration = Json<'/events/{id}/registrations', 'get'>['data'][number];
export const registrationStatuses = ['confirmed', 'pending_payment', 'waitlisted', 'cancelled'] as const;

export interface RegistrationFilters extends Query {
  q: string;
  status: Registration['status'] | undefined;
}

export interface RegistrationsState {
  event: StaffEvent;
  filters: RegistrationFilters;
  items: Registration[];
  people: Map<number, Person>;
  next: string | null;
  cursor: string | undefined;
  /** A search that looked at only the first matching people or registrations. */
  partial: boolean;
  notice: Html;
  error?: string | null;
}

export const registrationsHref = (eventId: number, f: RegistrationFilters, cursor?: string): string =>
  hrefOf(`/app/staff/events/${eventId}/registrations`, f, cursor);

function row(page: PageContext, s: RegistrationsState, r: Registration): Html {
  const { t, fmt } = page;
  const person = s.people.get(r.user_id);
  const name = person ? displayName(person) : t('staffEvents.user', { id: r.user_id });
  const back = registrationsHref(s.event.id, s.filters, s.cursor);
  return html`<tr>
    <th scope="row">
      ${name} ${person ? html`<br /><span class="hint">${person.username} · ${person.email}</span>` : ''}
    </th>
    <td>
      ${t(`registration.${r.status}`)}
      ${r.cancel_reason ? html`<br /><span class="hint">${t('staffEvents.cancelReason', { reason: r.cancel_reason })}</span>` : ''}
    </td>
    <td>${fmt.dateTime(r.created_at)}</td>
    <td>
      ${
        r.status !== 'cancelled'
          ? postForm(
              page,
              `/app/staff/events/${s.event.id}/registrations/${r.id}/cancel`,
              html`<input type="hidden" name="back" value="${back}" />
                <button type="submit" class="secondary">${t('staffEvents.cancelRegistration', { name })}</button>`,
              html`class="inline"`
            )
          : ''
      }
    </td>
  </tr>`;
}

/** The registrations table: what htmx swaps when a filter changes or the next page is asked for. */
export function registrationTable(page: PageContext, s: RegistrationsState): Html {
  const { t } = page;
  const f = s.filters;
  // The CSV takes the status filter (the API's own export has no search): inside the list, so a filter keeps it in step.
  const csv = hrefOf(`/app/staff/events/${s.event.id}/registrations.csv`, { status: f.status });
  return html`<div id="registration-list">
    <p><a class="button secondary" href="${csv}" download>${t('staffEvents.csv')}</a></p>
    ${
      s.items.length
        ? html`<table>
            <caption class="hint">
              ${f.q ? t('staffEvents.regSearchCaption', { q: f.q }) : t('staffEvents.regCaption')}
              ${t('common.timesIn', { zone: page.fmt.zone })}
            </caption>
            <thead>
              <tr>
                <th scope="col">${t('staffEvents.attendee')}</th>
                <th scope="col">${t('common.status')}</th>
                <th scope="col">${t('staffEvents.registeredAt')}</th>
                <th scope="col">${t('staffEvents.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${s.items.map((r) => row(page, s, r))}
            </tbody>
          </table>`
        : emptyState(t('staffEvents.regEmpty'))
    }
    ${s.partial ? html`<p class="hint">${t('staffEvents.regSearchTooWide')}</p>` : ''}
    ${pager(page, s.next, s.cursor, (c) => registrationsHref(s.event.id, f, c))}
  </div>`;
}

export function registrationsPage(page: PageContext, s: RegistrationsState): Html {
  const { t } = page;
  const e = s.event;
  const base = `/app/staff/events/${e.id}/registrations`;
  return html`<p><a href="/app/staff/events/${e.id}">${e.title}</a></p>
    <h1>${t('staffEvents.registrationsOf', { title: e.title })}</h1>
    ${s.notice} ${alertBox(s.error)}
    ${filterForm(
      page,
      base,
      'registration-list',
      html`<div>
          <label for="f-q">${t('staffEvents.regSearch')}</label>
          <input id="f-q" name="q" type="search" value="${s.filters.q}" />
        </div>
        ${selectField({
          name: 'status',
          label: t('common.status'),
          value: s.filters.status,
          options: [
            { value: '', label: t('staffEvents.anyRegStatus') },
            ...registrationStatuses.map((st) => ({ value: st, label: t(`registration.${st}`) }))
          ]
        })}`
    )}
    ${registrationTable(page, s)}`;
}
