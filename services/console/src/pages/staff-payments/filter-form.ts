import type { PageContext } from '../../http/page-context.ts';
import { alertBox, field } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import type { Filters } from './list-filters.ts';

/** A labelled choice; the empty option means "any". */
export function choiceField(
  name: string,
  label: string,
  value: string,
  options: readonly { value: string; label: string }[],
  anyLabel: string
): Html {
  return html`<div>
    <label for="f-${name}">${label}</label>
    <select id="f-${name}" name="${name}">
      <option value="">${anyLabel}</option>
      ${options.map((o) => html`<option value="${o.value}" ${o.value === value ? html`selected` : ''}>${o.label}</option>`)}
    </select>
  </div>`;
}

export const idField = (name: string, label: string, f: Filters): Html =>
  field({ name, label, type: 'text', value: f.values[name] ?? '' });

export const dayField = (name: string, label: string, f: Filters): Html =>
  field({ name, label, type: 'date', value: f.values[name] ?? '' });

/**
 * The GET form of a list: works as a plain form; with htmx it swaps only the list (`#<target>`) and keeps the URL,
 * so the back button and a copied link show the same filter.
 */
export function filterForm(page: PageContext, action: string, target: string, fields: Html): Html {
  return html`<form
    class="search filters"
    method="get"
    action="${action}"
    role="search"
    aria-label="${page.t('staffPayments.filters')}"
    hx-get="${action}"
    hx-target="#${target}"
    hx-select="#${target}"
    hx-swap="outerHTML"
    hx-push-url="true"
  >
    ${fields}
    <div><button type="submit">${page.t('staffPayments.filter')}</button></div>
  </form>`;
}

/** Which filters were refused, said next to the list. */
export function invalidFilters(page: PageContext, f: Filters, labels: Record<string, string>): Html {
  if (f.invalid.length === 0) return html``;
  const names = f.invalid.map((n) => labels[n] ?? n).join(', ');
  return alertBox(page.t('staffPayments.invalidFilters', { fields: names }));
}
