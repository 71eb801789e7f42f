import type { PageContext } from '../../http/page-context.ts';
import { alertBox } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { Part } from './dashboard-data.ts';

/** Short dates for chart labels, and counts, in the reader's language (UTC, like every time the console shows). */
export function shortFormats(page: PageContext) {
  const tag = page.locale === 'ru' ? 'ru-RU' : 'en-GB';
  const day = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const time = new Intl.DateTimeFormat(tag, { timeStyle: 'medium', timeZone: 'UTC' });
  const count = new Intl.NumberFormat(tag);
  return {
    day: (d: Date) => day.format(d),
    time: (iso: string) => time.format(new Date(iso)),
    count: (n: number) => count.format(n)
  };
}

/** A part of the dashboard under its own heading, which names the region for screen readers. */
export function section(id: string, title: string, body: Html, attrs: Html | string = ''): Html {
  return html`<section id="${id}" aria-labelledby="${id}-h" ${attrs}>
    <h2 id="${id}-h">${title}</h2>
    ${body}
  </section>`;
}

/** A part drawn from its data, or, when its API call was refused, the API's message in its place. */
export function failed<T>(page: PageContext, p: Part<T>, draw: (value: T) => Html): Html {
  return p.ok ? draw(p.value) : alertBox(p.message ?? page.t('dashboard.unavailable'));
}
