import { ProblemError } from '@style-flow/client';
import type { FastifyRequest } from 'fastify';
import type { PageContext } from '../../http/page-context.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { notice } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';

// Small pieces the staff areas (users, clients, resources, webhooks, mail log) share; the console-wide ones live in
// views/components.ts, which these areas do not edit.

export type Query = Record<string, string | undefined>;
export const queryOf = (request: FastifyRequest): Query => request.query as Query;

/** A path id the API could never have given is a missing page, not a question to the API. */
export function idOf(value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 2 ** 31 - 1)
    throw new ProblemError(new Response(null, { status: 404 }), null);
  return n;
}

/** What a page must have from the API: its data, else the API's refusal becomes the error page (403, 404, 503). */
export function must<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.data === undefined) throw new ProblemError(result.response, result.error);
  return result.data;
}

/** One of the allowed values of a query parameter, else undefined (a filter the API would refuse is no filter). */
export const oneOf = <T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined =>
  allowed.includes(value as T) ? (value as T) : undefined;

/** A search text as the lists take it: trimmed, bounded. */
export const searchText = (value: string | undefined): string => (value ?? '').trim().slice(0, 200);

/** A URL with its non-empty query parameters (and a cursor when one is given). */
export function hrefOf(base: string, params: Query, cursor?: string): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  if (cursor) search.set('cursor', cursor);
  const s = search.toString();
  return s ? `${base}?${s}` : base;
}

/** The message a redirect after a form post named (`?m=key`), when it is one of the page's. */
export function noticeOf(page: PageContext, m: string | undefined, keys: Readonly<Record<string, MessageKey>>): Html {
  const key = m ? keys[m] : undefined;
  return key ? notice(page.t(key)) : html``;
}

export interface Option {
  value: string;
  label: string;
}

/** A labelled select. */
export function selectField(o: { name: string; label: string; options: Option[]; value?: string; id?: string }): Html {
  const id = o.id ?? `f-${o.name}`;
  return html`<div>
    <label for="${id}">${o.label}</label>
    <select id="${id}" name="${o.name}">
      ${o.options.map(
        (opt) =>
          html`<option value="${opt.value}" ${opt.value === (o.value ?? '') ? html`selected` : ''}>
            ${opt.label}
          </option>`
      )}
    </select>
  </div>`;
}

/** A labelled multi-line text. */
export function textArea(o: { name: string; label: string; value?: string | null; required?: boolean }): Html {
  const id = `f-${o.name}`;
  return html`<div>
    <label for="${id}">${o.label}</label>
    <textarea id="${id}" name="${o.name}" rows="3" ${o.required ? html`required` : ''}>${o.value ?? ''}</textarea>
  </div>`;
}

/**
 * A list's filters as a GET form: works as a plain form; htmx swaps only the list (`target` is its id) and keeps the
 * URL in step, so the back button and a shared link show the same filters.
 */
export function filterForm(page: PageContext, action: string, target: string, fields: Html): Html {
  return html`<form
    class="search"
    method="get"
    action="${action}"
    role="search"
    hx-get="${action}"
    hx-target="#${target}"
    hx-select="#${target}"
    hx-swap="outerHTML"
    hx-push-url="true"
  >
    ${fields}
    <button type="submit">${page.t('common.search')}</button>
  </form>`;
}

/** A date-time as a form gives it (`2026-05-01T10:00`, no zone): taken as UTC, the zone the pages show. */
export function utcFromInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const d = new Date(`${value}${value.length === 16 ? ':00' : ''}Z`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
