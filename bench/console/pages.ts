// Which console pages the benchmark measures: the GET routes the page areas register (services/console/src/pages/**),
// read from their sources, so that a page added later is measured without a change here. Measured: the lists and
// the dashboard — every route without a parameter, and an event's registrations with the busiest event's id — but
// not forms, exports, documents or the account pages (sign-in, sign-up, password reset), which render no list.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface PageRoute {
  /** The path under /app, e.g. `/staff/events`. */
  route: string;
  /** The source file that registers it, relative to the pages folder. */
  file: string;
}

export interface Chosen {
  measured: { route: string; path: string }[];
  /** Routes not measured, with the reason. */
  skipped: { route: string; why: string }[];
}

const pagesDir = new URL('../../services/console/src/pages/', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []
  );
}

/** Every `app.get('/…')` (with or without type arguments) of the page areas. */
export function pageRoutes(): PageRoute[] {
  const found: PageRoute[] = [];
  for (const file of sources(pagesDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\.get\s*(?:<[^>]*>)?\s*\(\s*['"`](\/[^'"`]*)['"`]/g))
      found.push({ route: m[1]!, file: relative(pagesDir, file) });
  }
  return found;
}

const NOT_A_LIST: [RegExp, string][] = [
  [/^\/(sign-in|sign-up|reset-password|language)\b/, 'account page'],
  [/\/(new|edit|create)$/, 'form'],
  [/(\.csv|\.pdf|\.ics|\.png|\.svg|\/export|\/csv|\/pdf|\/ics|\/qr|\/ticket|\/invoice)/, 'document or export'],
  [/^\/assets\b|^\/favicon/, 'asset'],
  [/\/profile$|\/settings$|\/preferences$/, 'form']
];

/** The measured pages, and every other route with why it is not measured. */
export function choosePages(routes: readonly PageRoute[], busiestEventId: number): Chosen {
  const measured: Chosen['measured'] = [];
  const skipped: Chosen['skipped'] = [];
  for (const { route } of routes) {
    const notList = NOT_A_LIST.find(([re]) => re.test(route));
    if (notList) skipped.push({ route, why: notList[1] });
    else if (!route.includes(':')) measured.push({ route, path: `/app${route === '/' ? '/' : route}` });
    else if (/^\/staff\/events\/:[a-z]+\/registrations$/.test(route))
      measured.push({ route, path: `/app${route.replace(/:[a-z]+/, String(busiestEventId))}` });
    else skipped.push({ route, why: 'one item (needs an id)' });
  }
  return { measured, skipped };
}
