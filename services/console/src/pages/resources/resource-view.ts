import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { alertBox, emptyState, field, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { PageView } from '../../views/layout.ts';
import { selectField } from '../admin/kit.ts';
import { editSection, type EditState } from './resource-edit.ts';
import { barLabel, isoDay, shift, timelineSvg, type Allocation, type Interval, type Window } from './timeline.ts';

type Resource = Json<'/resources/{id}', 'get'>;
type ResourceType = Json<'/resource-types', 'get'>['data'][number];
type EventItem = Json<'/events', 'get'>['data'][number];

export interface ResourceState {
  resource: Resource;
  types: ResourceType[];
  window: Window;
  intervals: Interval[];
  items: Allocation[];
  events: EventItem[];
  /** The titles of the events the allocations are for, by id; one missing is shown by its number. */
  titles: ReadonlyMap<number, string>;
  notice?: Html;
  edit?: EditState;
  allocateError?: string;
  blockError?: string;
  releaseError?: string;
  body?: unknown;
}

/** A resource's page: facts, the timeline of the chosen day or week (drawn, then in words), allocate, block. */
export function resourceView(page: PageContext, s: ResourceState): PageView {
  const { t, fmt } = page;
  const r = s.resource;
  const w = s.window;
  const base = `/app/staff/resources/${r.id}`;
  const at = (view: string, date: Date) => `${base}?view=${view}&date=${isoDay(date)}`;
  const period =
    w.view === 'day'
      ? fmt.date(w.from.toISOString())
      : t('resources.weekOf', {
          from: fmt.date(w.from.toISOString()),
          to: fmt.date(new Date(w.to.getTime() - 1).toISOString())
        });
  return {
    title: r.name,
    body: html`<p><a href="/app/staff/resources">${t('resources.back')}</a></p>
      <h1>${r.name}</h1>
      ${s.notice ?? ''}
      <dl class="facts">
        <dt>${t('resources.type')}</dt>
        <dd>${s.types.find((x) => x.id === r.type_id)?.name ?? String(r.type_id)}</dd>
        <dt>${t('resources.quantity')}</dt>
        <dd>${r.quantity}</dd>
        <dt>${t('resources.location')}</dt>
        <dd>${r.location ?? '—'}</dd>
        <dt>${t('resources.buffers')}</dt>
        <dd>${t('resources.buffersValue', { setup: r.setup_minutes, teardown: r.teardown_minutes })}</dd>
        ${
          r.description
            ? html`<dt>${t('resources.description')}</dt>
                <dd>${r.description}</dd>`
            : ''
        }
      </dl>
      ${r.status === 'active' ? editSection(page, r, s.types, w, s.edit) : ''}
      <section aria-labelledby="availability-title">
        <h2 id="availability-title">${t('resources.availability', { period })}</h2>
        <nav class="pager" aria-label="${t('resources.periods')}">
          <a href="${at(w.view, shift(w, -1))}"
            >${w.view === 'day' ? t('resources.prevDay') : t('resources.prevWeek')}</a
          >
          <a href="${at(w.view, shift(w, 1))}"
            >${w.view === 'day' ? t('resources.nextDay') : t('resources.nextWeek')}</a
          >
          ${
            w.view === 'day'
              ? html`<a href="${at('week', w.from)}">${t('resources.weekView')}</a>`
              : html`<a href="${at('day', w.from)}">${t('resources.dayView')}</a>`
          }
        </nav>
        <form class="search" method="get" action="${base}">
          <input type="hidden" name="view" value="${w.view}" />
          <div>
            <label for="f-date">${t('resources.goTo')}</label>
            <input id="f-date" name="date" type="date" value="${isoDay(w.from)}" />
          </div>
          <button type="submit">${t('resources.show')}</button>
        </form>
        ${timelineSvg(page, w, r.quantity, s.intervals, s.items, s.titles)}
        <p class="hint">${t('resources.legend')} ${t('common.timesIn', { zone: fmt.zone })}</p>
        ${freeTable(page, s)} ${allocationTable(page, s)}
      </section>
      ${allocateForm(page, s)} ${blockForm(page, s)}`
  };
}

function freeTable(page: PageContext, s: ResourceState): Html {
  const { t, fmt } = page;
  return html`<table>
    <caption>
      ${t('resources.freeCaption')}
    </caption>
    <thead>
      <tr>
        <th scope="col">${t('resources.from')}</th>
        <th scope="col">${t('resources.to')}</th>
        <th scope="col">${t('resources.free')}</th>
      </tr>
    </thead>
    <tbody>
      ${s.intervals.map(
        (iv) =>
          html`<tr>
            <td>${fmt.dateTime(iv.start)}</td>
            <td>${fmt.dateTime(iv.end)}</td>
            <td>${t('resources.freeShort', { free: iv.free_quantity, total: s.resource.quantity })}</td>
          </tr>`
      )}
    </tbody>
  </table>`;
}

function allocationTable(page: PageContext, s: ResourceState): Html {
  const { t, fmt } = page;
  const w = s.window;
  if (s.items.length === 0) return html`${alertBox(s.releaseError)}${emptyState(t('resources.nothingBooked'))}`;
  const now = Date.now();
  return html`${alertBox(s.releaseError)}
    <table>
      <caption>
        ${t('resources.bookedCaption')}
      </caption>
      <thead>
        <tr>
          <th scope="col">${t('resources.what')}</th>
          <th scope="col">${t('resources.from')}</th>
          <th scope="col">${t('resources.to')}</th>
          <th scope="col">${t('resources.quantity')}</th>
          <th scope="col">${t('common.status')}</th>
          <th scope="col">${t('resources.actions')}</th>
        </tr>
      </thead>
      <tbody>
        ${s.items.map(
          (a) =>
            html`<tr>
              <th scope="row">
                ${
                  a.event_id !== null && s.titles.has(a.event_id)
                    ? html`<a href="/app/staff/events/${a.event_id}">${barLabel(page, a, s.titles)}</a>`
                    : barLabel(page, a, s.titles)
                }
              </th>
              <td>${fmt.dateTime(a.start_time)}</td>
              <td>${fmt.dateTime(a.end_time)}</td>
              <td>${a.quantity}</td>
              <td>${t(`resources.status.${a.status}`)}</td>
              <td>
                ${
                  Date.parse(a.end_time) > now
                    ? postForm(
                        page,
                        `/app/staff/resources/${s.resource.id}/allocations/${a.id}/release`,
                        html`<input type="hidden" name="back_view" value="${w.view}" />
                          <input type="hidden" name="back_date" value="${isoDay(w.from)}" />
                          <button type="submit" class="link">
                            ${t('resources.release', { what: barLabel(page, a, s.titles) })}
                          </button>`,
                        html`class="inline"`
                      )
                    : ''
                }
              </td>
            </tr>`
        )}
      </tbody>
    </table>`;
}

/** The form's date-time inputs are in UTC, the zone the pages show (datetime-local carries no zone). */
function timeFields(page: PageContext, s: ResourceState, prefix: string): Html {
  const { t } = page;
  const body = (s.body ?? {}) as Record<string, unknown>;
  const v = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const defaultStart = `${isoDay(s.window.from)}T09:00`;
  const defaultEnd = `${isoDay(s.window.from)}T17:00`;
  return html`<div>
      <label for="${prefix}-start">${t('resources.startUtc')}</label>
      <input
        id="${prefix}-start"
        name="start_time"
        type="datetime-local"
        value="${v('start_time') || defaultStart}"
        required
      />
    </div>
    <div>
      <label for="${prefix}-end">${t('resources.endUtc')}</label>
      <input id="${prefix}-end" name="end_time" type="datetime-local" value="${v('end_time') || defaultEnd}" required />
    </div>
    <div>
      <label for="${prefix}-quantity">${t('resources.quantity')}</label>
      <input
        id="${prefix}-quantity"
        name="quantity"
        type="number"
        min="1"
        max="${s.resource.quantity}"
        value="${v('quantity') || '1'}"
        required
      />
    </div>`;
}

function allocateForm(page: PageContext, s: ResourceState): Html {
  const { t, fmt } = page;
  const chosen = String((s.body as Record<string, unknown> | undefined)?.event_id ?? '');
  return html`<section aria-labelledby="allocate-title">
    <h2 id="allocate-title">${t('resources.allocate')}</h2>
    ${alertBox(s.allocateError)}
    ${
      s.events.length
        ? postForm(
            page,
            `/app/staff/resources/${s.resource.id}/allocate`,
            html`${selectField({
                name: 'event_id',
                label: t('resources.event'),
                value: chosen,
                options: s.events.map((e) => ({
                  value: String(e.id),
                  label: `${e.title} · ${fmt.dateTime(e.start_date)}`
                }))
              })}
              ${timeFields(page, s, 'alloc')}
              <div><button type="submit">${t('resources.allocateSubmit')}</button></div>`,
            html`class="stack"`
          )
        : emptyState(t('resources.noEvents'))
    }
  </section>`;
}

function blockForm(page: PageContext, s: ResourceState): Html {
  const { t } = page;
  const reason = (s.body as Record<string, unknown> | undefined)?.reason;
  return html`<section aria-labelledby="block-title">
    <h2 id="block-title">${t('resources.block')}</h2>
    <p class="hint">${t('resources.blockHint')}</p>
    ${alertBox(s.blockError)}
    ${postForm(
      page,
      `/app/staff/resources/${s.resource.id}/blocks`,
      html`${timeFields(page, s, 'block')}
        ${field({ name: 'reason', label: t('resources.reason'), value: typeof reason === 'string' ? reason : '', required: true })}
        <div><button type="submit">${t('resources.blockSubmit')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;
}
