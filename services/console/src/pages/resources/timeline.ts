import type { Json } from '@style-flow/client';
import type { PageContext } from '../../http/page-context.ts';
import { html, raw, type Html } from '../../views/html.ts';

export type Allocation = Json<'/allocations/{id}', 'get'>;
export type Interval = Json<'/resources/{id}/availability', 'get'>['intervals'][number];
export type View = 'day' | 'week';

export interface Window {
  view: View;
  from: Date;
  to: Date;
}

const DAY = 86_400_000;

/** The day (UTC, the zone the pages show) or the week from Monday that holds `date` (YYYY-MM-DD), else today's. */
export function windowOf(view: View, date: string | undefined): Window {
  const parsed = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : new Date();
  const day = Number.isNaN(parsed.getTime()) ? new Date() : parsed;
  const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  if (view === 'day') return { view, from: start, to: new Date(start.getTime() + DAY) };
  const monday = new Date(start.getTime() - ((start.getUTCDay() + 6) % 7) * DAY);
  return { view, from: monday, to: new Date(monday.getTime() + 7 * DAY) };
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
export const shift = (w: Window, steps: number): Date =>
  new Date(w.from.getTime() + steps * (w.view === 'day' ? DAY : 7 * DAY));

// Drawing: a fixed coordinate space the SVG scales to the page's width; positions are attributes, never style
// (the CSP allows no inline style), and what colour says is also said by a pattern and by text.
const WIDTH = 960;
const LEFT = 0;
const AXIS = 28;
const FREE_ROW = 34;
const LANE = 30;

const tag = (page: PageContext) => (page.locale === 'ru' ? 'ru-RU' : 'en-GB');

/** Bars may overlap in time: each goes in the first lane whose last bar has ended. */
function lanes(items: Allocation[]): Map<number, number> {
  const ends: number[] = [];
  const lane = new Map<number, number>();
  for (const a of [...items].sort((x, y) => Date.parse(x.occupied_from) - Date.parse(y.occupied_from))) {
    const start = Date.parse(a.occupied_from);
    let i = ends.findIndex((end) => end <= start);
    if (i === -1) i = ends.push(0) - 1;
    ends[i] = Date.parse(a.occupied_to);
    lane.set(a.id, i);
  }
  return lane;
}

/** A bar's words: a block's reason, or the event's title (its number when the reader may not see the event). */
export function barLabel(page: PageContext, a: Allocation, titles: ReadonlyMap<number, string>): string {
  const { t } = page;
  if (a.kind === 'block') return t('resources.blockLabel', { reason: a.reason ?? '', quantity: a.quantity });
  const title = a.event_id === null ? undefined : titles.get(a.event_id);
  return title
    ? t('resources.allocationTitled', { title, quantity: a.quantity })
    : t('resources.allocationLabel', { event: a.event_id ?? '', quantity: a.quantity });
}

/**
 * The availability timeline as SVG: an axis (hours for a day, days for a week), a row with the free quantity of each
 * interval written in it (its colour only repeats it: none, some, all), and one labelled bar per allocation or block,
 * blocks hatched, conflicts dashed; the thin band around a bar is its setup and teardown. A label is clipped to its
 * bar; the whole of it is in the bar's title and in the tables after the drawing, which say the same in words.
 */
export function timelineSvg(
  page: PageContext,
  w: Window,
  total: number,
  intervals: Interval[],
  items: Allocation[],
  titles: ReadonlyMap<number, string>
): Html {
  const { t } = page;
  const span = w.to.getTime() - w.from.getTime();
  const x = (iso: string | Date) => {
    const ms = (typeof iso === 'string' ? Date.parse(iso) : iso.getTime()) - w.from.getTime();
    return LEFT + (Math.min(Math.max(ms, 0), span) / span) * (WIDTH - LEFT);
  };
  const laneOf = lanes(items);
  const laneCount = Math.max(1, ...[...laneOf.values()].map((l) => l + 1));
  const height = AXIS + FREE_ROW + laneCount * LANE + 8;
  const ticks: Html[] = [];
  const tickFormat =
    w.view === 'day'
      ? new Intl.DateTimeFormat(tag(page), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })
      : new Intl.DateTimeFormat(tag(page), { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
  const step = w.view === 'day' ? 3 * 3_600_000 : DAY;
  for (let ms = w.from.getTime(); ms < w.to.getTime(); ms += step) {
    const d = new Date(ms);
    const tx = x(d);
    ticks.push(
      html`<line x1="${tx}" y1="${AXIS - 6}" x2="${tx}" y2="${height}" stroke="#c8c8c8" stroke-width="1" />
        <text x="${tx + 3}" y="${AXIS - 10}" font-size="12" fill="#333">${tickFormat.format(d)}</text>`
    );
  }
  const free = intervals.map((iv) => {
    const x1 = x(iv.start);
    const width = Math.max(1, x(iv.end) - x1);
    const share = total > 0 ? iv.free_quantity / total : 0;
    const fill = iv.free_quantity === 0 ? '#f4c7c3' : share < 1 ? '#fff2c2' : '#d9f0dc';
    const label = t('resources.freeShort', { free: iv.free_quantity, total });
    return html`<g>
      <title>
        ${t('resources.freeFromTo', { free: iv.free_quantity, from: page.fmt.dateTime(iv.start), to: page.fmt.dateTime(iv.end) })}
      </title>
      <rect
        x="${x1}"
        y="${AXIS}"
        width="${width}"
        height="${FREE_ROW - 6}"
        fill="${fill}"
        stroke="#666"
        stroke-width="0.5"
      />
      ${width > 46 ? html`<text x="${x1 + 4}" y="${AXIS + 18}" font-size="12" fill="#111">${label}</text>` : ''}
    </g>`;
  });
  const bars = items.map((a) => {
    const y = AXIS + FREE_ROW + (laneOf.get(a.id) ?? 0) * LANE;
    const ox = x(a.occupied_from);
    const ow = Math.max(2, x(a.occupied_to) - ox);
    const bx = x(a.start_time);
    const bw = Math.max(2, x(a.end_time) - bx);
    const label = barLabel(page, a, titles);
    const fill = a.kind === 'block' ? 'url(#hatch)' : a.status === 'conflict' ? '#f4c7c3' : '#cfe0f5';
    return html`<g>
      <title>
        ${label} · ${page.fmt.dateTime(a.start_time)} –
        ${page.fmt.dateTime(a.end_time)}${a.status === 'conflict' ? ` · ${t('resources.status.conflict')}` : ''}
      </title>
      <rect x="${ox}" y="${y + 9}" width="${ow}" height="6" fill="#9aa7b5" />
      <rect
        x="${bx}"
        y="${y + 2}"
        width="${bw}"
        height="${LANE - 6}"
        fill="${fill}"
        stroke="#1f3b5c"
        stroke-width="1"
        ${a.status === 'conflict' ? raw('stroke-dasharray="4 2"') : ''}
      />
      <svg x="${bx}" y="${y}" width="${bw}" height="${LANE}">
        <text x="4" y="18" font-size="12" fill="#111">${label}</text>
      </svg>
    </g>`;
  });
  return html`<svg
    class="timeline"
    viewBox="0 0 ${WIDTH} ${height}"
    width="100%"
    role="img"
    aria-labelledby="timeline-svg-title"
    preserveAspectRatio="xMinYMin meet"
  >
    <title id="timeline-svg-title">
      ${t('resources.svgTitle', { from: page.fmt.date(w.from.toISOString()), count: items.length })}
    </title>
    <defs>
      <pattern id="hatch" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="8" height="8" fill="#eeeeee" />
        <line x1="0" y1="0" x2="0" y2="8" stroke="#555" stroke-width="3" />
      </pattern>
    </defs>
    ${ticks} ${free} ${bars}
  </svg>`;
}
