import type { Json } from '@style-flow/client';
import type { Assets } from '../../http/assets.ts';
import type { PageContext } from '../../http/page-context.ts';
import { csrfField, emptyState, pager } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { filterForm, hrefOf, selectField } from '../admin/kit.ts';
import type { Verdict } from './scan-verdict.ts';

type EventItem = Json<'/events', 'get'>['data'][number];
export type DoorEvent = Json<'/events/{id}', 'get'>;
export type CheckInList = Json<'/events/{id}/check-in-lists', 'get'>['data'][number];

export interface ScannerState {
  event: DoorEvent;
  lists: CheckInList[];
  list: CheckInList | undefined;
  verdict: Verdict | null;
  /** A fresh one for each form drawn: the API treats the same nonce again as the same scan. */
  nonce: string;
}

/** The events a steward may pick: the table htmx swaps on a search or the next page. */
export function doorEventList(
  page: PageContext,
  q: string,
  items: EventItem[],
  next: string | null,
  cursor: string | undefined
): Html {
  const { t, fmt } = page;
  return html`<div id="door-event-list">
    ${
      items.length
        ? html`<ul class="cards">
              ${items.map(
                (e) =>
                  html`<li>
                    <h2><a href="/app/check-in/${e.id}">${t('checkIn.open', { title: e.title })}</a></h2>
                    <p>
                      ${fmt.eventSpan(e.start_date, e.end_date, e.time_zone)}${e.location ? html` · ${e.location}` : ''}
                    </p>
                  </li>`
              )}
            </ul>
            <p class="hint">${t('common.eventTimesIn', { zone: fmt.zone })}</p>`
        : emptyState(t('checkIn.empty'))
    }
    ${pager(page, next, cursor, (c) => hrefOf('/app/check-in', { q }, c))}
  </div>`;
}

export function doorEventPicker(page: PageContext, q: string, list: Html): Html {
  const { t } = page;
  return html`<h1>${t('checkIn.title')}</h1>
    <p>${t('checkIn.pickEvent')}</p>
    ${filterForm(
      page,
      '/app/check-in',
      'door-event-list',
      html`<div>
        <label for="f-q">${t('checkIn.search')}</label>
        <input id="f-q" name="q" type="search" value="${q}" />
      </div>`
    )}
    ${list}`;
}

const countsHref = (s: { event: DoorEvent; list: CheckInList | undefined }) =>
  hrefOf(`/app/check-in/${s.event.id}/counts`, { list: s.list ? String(s.list.id) : undefined });

/**
 * Present of expected, polled by htmx every few seconds (and drawn again with every scan). Present: the tickets
 * checked in on this list; expected: the seats taken (confirmed registrations and seats held for payment).
 */
export function counts(page: PageContext, s: { event: DoorEvent; list: CheckInList | undefined }): Html {
  const { t } = page;
  const present = s.list?.checked_in_count ?? s.event.checked_in_count;
  return html`<div
    id="check-in-counts"
    class="counts"
    hx-get="${countsHref(s)}"
    hx-trigger="every 4s"
    hx-swap="outerHTML"
  >
    <p>
      <strong>${t('checkIn.counts', { present, expected: s.event.registered_count })}</strong>
      <a href="${hrefOf(`/app/check-in/${s.event.id}`, { list: s.list ? String(s.list.id) : undefined })}"
        >${t('checkIn.refresh')}</a
      >
    </p>
  </div>`;
}

/** "at 14:05" when the first scan was today, else its date too; always with the zone the page shows. */
function when(page: PageContext, iso: string): string {
  if (!iso) return '—';
  const tag = page.locale === 'ru' ? 'ru-RU' : 'en-GB';
  const zone = page.fmt.zone;
  const day = new Intl.DateTimeFormat(tag, { dateStyle: 'short', timeZone: zone });
  const clock = new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZone: zone });
  const at = new Date(iso);
  const today = day.format(at) === day.format(new Date());
  return `${today ? clock.format(at) : page.fmt.dateTime(iso)} (${zone})`;
}

/** The answer to the last scan, big enough to read at arm's length, in words as well as colour. */
export function verdictBox(page: PageContext, v: Verdict | null): Html {
  if (!v) return html``;
  const { t } = page;
  if (v.kind === 'admitted')
    return html`<div class="notice verdict" role="status">
      <h2>✓ ${t('checkIn.admitted')}</h2>
      <p>${t('checkIn.admittedWho', { name: v.name, list: v.list })}</p>
    </div>`;
  if (v.kind === 'already')
    return html`<div class="alert verdict" role="alert">
      <h2>⚠ ${t('checkIn.already', { time: when(page, v.at) })}</h2>
      <p>${t('checkIn.alreadyWho', { name: v.name, list: v.list })}</p>
    </div>`;
  if (v.kind === 'empty')
    return html`<div class="alert verdict" role="alert">
      <p>${t('checkIn.noCode')}</p>
    </div>`;
  return html`<div class="alert verdict" role="alert">
    <h2>✗ ${t('checkIn.invalid')}</h2>
    <p>${v.reason ? t(`checkIn.reason.${v.reason}`) : v.detail}</p>
  </div>`;
}

/** The scan form with the last verdict and the counts: what htmx swaps after each scan. */
export function scanner(page: PageContext, s: ScannerState): Html {
  const { t } = page;
  const action = `/app/check-in/${s.event.id}/scan`;
  return html`<section id="scanner" aria-label="${t('checkIn.code')}">
    ${counts(page, s)} ${verdictBox(page, s.verdict)}
    <form
      id="scan-form"
      class="stack"
      method="post"
      action="${action}"
      hx-post="${action}"
      hx-target="#scanner"
      hx-swap="outerHTML"
    >
      ${csrfField(page)}
      <input type="hidden" name="nonce" value="${s.nonce}" />
      ${s.list ? html`<input type="hidden" name="list_id" value="${s.list.id}" />` : ''}
      <div>
        <label for="f-code">${t('checkIn.code')}</label>
        <input
          id="f-code"
          name="code"
          type="text"
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          autofocus
          aria-describedby="f-code-hint"
        />
        <p class="hint" id="f-code-hint">${t('checkIn.codeHint')}</p>
      </div>
      <div><button type="submit">${t('checkIn.submit')}</button></div>
    </form>
  </section>`;
}

function listSwitch(page: PageContext, s: ScannerState): Html {
  if (s.lists.length < 2) return html``;
  const { t } = page;
  return html`<form method="get" action="/app/check-in/${s.event.id}" class="search">
    ${selectField({
      name: 'list',
      label: t('checkIn.list'),
      value: s.list ? String(s.list.id) : '',
      options: s.lists.map((l) => ({ value: String(l.id), label: l.name }))
    })}
    <button type="submit">${t('checkIn.switchList')}</button>
  </form>`;
}

/** The camera's controls: shown by check-in.js only where a camera can be asked for; the form works without them. */
function camera(page: PageContext): Html {
  const { t } = page;
  // `hidden` sits on elements the stylesheet gives no display of its own (a button's inline-block would override it).
  return html`<section id="camera-panel" aria-labelledby="camera-title" hidden>
    <h2 id="camera-title">${t('checkIn.camera')}</h2>
    <p>
      <span id="camera-start-box">
        <button
          type="button"
          id="camera-start"
          data-on="${t('checkIn.cameraOn')}"
          data-denied="${t('checkIn.cameraDenied')}"
        >
          ${t('checkIn.cameraStart')}
        </button>
      </span>
      <span id="camera-stop-box" hidden>
        <button type="button" id="camera-stop" class="secondary">${t('checkIn.cameraStop')}</button>
      </span>
    </p>
    <p id="camera-status" class="hint" aria-live="polite"></p>
    <video id="camera" width="320" hidden muted playsinline aria-label="${t('checkIn.cameraVideo')}"></video>
  </section>`;
}

export function scannerPage(page: PageContext, assets: Assets, s: ScannerState): Html {
  const { t } = page;
  return html`<p><a href="/app/check-in">${t('checkIn.allEvents')}</a></p>
    <h1>${t('checkIn.eventTitle', { title: s.event.title })}</h1>
    ${s.list ? html`<p>${t('checkIn.list')}: ${s.list.name}</p>` : html`<p class="alert">${t('checkIn.noLists')}</p>`}
    ${listSwitch(page, s)} ${scanner(page, s)} ${camera(page)}
    <p class="hint">${t('checkIn.countsHint')}</p>
    <script src="${assets.url('vendor/jsqr-1.4.0.js')}" defer></script>
    <script src="${assets.url('check-in.js')}" defer></script>`;
}
