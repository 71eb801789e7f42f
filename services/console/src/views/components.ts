import type { PageContext } from '../http/page-context.ts';
import { html, type Html, type Value } from './html.ts';

/** The hidden field every form carries (the same token htmx sends as a header). */
export const csrfField = (page: PageContext): Html => html`<input type="hidden" name="_csrf" value="${page.csrf}" />`;

/** A form that posts to the console, with its CSRF field. */
export function postForm(page: PageContext, action: string, body: Value, attrs: Value = ''): Html {
  return html`<form method="post" action="${action}" ${attrs}>${csrfField(page)}${body}</form>`;
}

/**
 * A labelled input; the label's `for` and the input's `id` tie them together for screen readers. A page with two forms
 * that share field names gives one of them its own `idPrefix` (ids are the page's, not the form's).
 */
export function field(o: {
  name: string;
  label: string;
  type?: string;
  value?: string | null;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  idPrefix?: string;
  /** A whole number at least this (a number input). */
  min?: number;
}): Html {
  const id = `${o.idPrefix ?? 'f-'}${o.name}`;
  const hintId = o.hint ? `${id}-hint` : null;
  return html`<div>
    <label for="${id}">${o.label}</label>
    <input
      id="${id}"
      name="${o.name}"
      type="${o.type ?? 'text'}"
      value="${o.value ?? ''}"
      ${o.required ? html`required` : ''}
      ${o.autocomplete ? html`autocomplete="${o.autocomplete}"` : ''}
      ${o.min !== undefined ? html`min="${o.min}" step="1"` : ''}
      ${hintId ? html`aria-describedby="${hintId}"` : ''}
    />
    ${o.hint ? html`<p class="hint" id="${hintId}">${o.hint}</p>` : ''}
  </div>`;
}

/** An error from the API (its own message) or the console, announced to screen readers when it appears. */
export const alertBox = (message: string | null | undefined): Html =>
  message ? html`<div class="alert" role="alert">${message}</div>` : html``;

export const notice = (message: string | null | undefined): Html =>
  message ? html`<div class="notice" role="status">${message}</div>` : html``;

export const emptyState = (message: string): Html => html`<p class="empty">${message}</p>`;

/**
 * Cursor pagination (SPEC §1): the API gives only a next cursor, so the pager offers the next page and the first.
 * `href` builds the URL of a page from its cursor.
 */
export function pager(
  page: PageContext,
  next: string | null,
  current: string | undefined,
  href: (c?: string) => string
) {
  if (!next && !current) return html``;
  return html`<nav class="pager" aria-label="${page.t('common.pagination')}">
    ${current ? html`<a href="${href()}">${page.t('common.first')}</a>` : ''}
    ${next ? html`<a href="${href(next)}" rel="next">${page.t('common.next')}</a>` : ''}
  </nav>`;
}
