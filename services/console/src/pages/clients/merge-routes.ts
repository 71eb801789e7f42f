import { allPages, type StyleFlowClient } from '@style-flow/client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole, type PageContext } from '../../http/page-context.ts';
import { sendPage, seeOther } from '../../http/render.ts';
import { alertBox, emptyState, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import { idOf, must, queryOf, searchText } from '../admin/kit.ts';
import type { Client, Contact } from './client-views.ts';

type Params = { id: string };

/**
 * Merging a duplicate into a client (SPEC §3.5: POST /clients/{id}/merge {from_id}). Nothing moves until the person
 * has seen what would: first the other client is found, then a preview drawn from what the API holds now (its
 * contacts and whether its primary stays primary, its timeline, its totals added per currency, its archiving), and
 * only the preview's form posts the merge.
 */
export const mergeRoutes: PageRoutes = (app, ctx) => {
  app.get<{ Params: Params }>('/staff/clients/:id/merge', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const from = queryOf(request).from;
    if (from) return preview(ctx, request, reply, id, idOf(from), undefined);
    return pickOther(ctx, request, reply, id);
  });

  app.post<{ Params: Params }>('/staff/clients/:id/merge', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const fromId = idOf(text(request.body, 'from_id'));
    const { error, response } = await request.page.api.POST('/clients/{id}/merge', {
      params: { path: { id } },
      body: { from_id: fromId }
    });
    if (!response.ok) return preview(ctx, request, reply, id, fromId, apiMessage(request.page, error), response.status);
    return seeOther(reply, `/app/staff/clients/${id}?m=merged`);
  });
};

async function pickOther(ctx: ConsoleContext, request: FastifyRequest, reply: FastifyReply, id: number) {
  const page = request.page;
  const { t, api } = page;
  const into = must(await api.GET('/clients/{id}', { params: { path: { id } } }));
  const q = searchText(queryOf(request).q) || into.name;
  const found = must(await api.GET('/clients', { params: { query: { q, limit: 50 } } })).data.filter(
    (c) => c.id !== id
  );
  return sendPage(ctx, request, reply, {
    title: t('clients.merge.title', { name: into.name }),
    body: html`<p><a href="/app/staff/clients/${id}">${t('clients.merge.backTo', { name: into.name })}</a></p>
      <h1>${t('clients.merge.title', { name: into.name })}</h1>
      <p>${t('clients.merge.intro')}</p>
      <form class="search" method="get" action="/app/staff/clients/${id}/merge" role="search">
        <div>
          <label for="f-q">${t('clients.merge.find')}</label>
          <input id="f-q" name="q" type="search" value="${q}" />
        </div>
        <button type="submit">${t('common.search')}</button>
      </form>
      ${
        found.length
          ? html`<ul>
              ${found.map(
                (c) =>
                  html`<li>
                    ${c.name}${c.email ? html` · ${c.email}` : ''}${c.website ? html` · ${c.website}` : ''} —
                    <a href="/app/staff/clients/${id}/merge?from=${c.id}"
                      >${t('clients.merge.previewOf', { name: c.name })}</a
                    >
                  </li>`
              )}
            </ul>`
          : emptyState(t('clients.merge.noneFound'))
      }`
  });
}

async function contactsOf(api: StyleFlowClient, id: number): Promise<Contact[]> {
  return allPages((c) =>
    api.GET('/clients/{id}/contacts', { params: { path: { id }, query: { limit: 200, ...(c ? { cursor: c } : {}) } } })
  );
}

/** Timeline entries of a client, counted page by page (a merge moves them all; shared facts are kept once). */
async function activityCount(api: StyleFlowClient, id: number): Promise<number> {
  const all = await allPages((c) =>
    api.GET('/clients/{id}/activity', { params: { path: { id }, query: { limit: 200, ...(c ? { cursor: c } : {}) } } })
  );
  return all.length;
}

async function preview(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number,
  fromId: number,
  error: string | undefined,
  status = 200
) {
  const page = request.page;
  const { t, api } = page;
  const [into, from, intoContacts, fromContacts, moving] = await Promise.all([
    api.GET('/clients/{id}', { params: { path: { id } } }).then(must),
    api.GET('/clients/{id}', { params: { path: { id: fromId } } }).then(must),
    contactsOf(api, id),
    contactsOf(api, fromId),
    activityCount(api, fromId)
  ]);
  const intoHasPrimary = intoContacts.some((c) => c.is_primary);
  const refusal =
    id === fromId
      ? t('clients.merge.self')
      : from.status !== 'active' || into.status !== 'active'
        ? t('clients.merge.archived')
        : null;
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: t('clients.merge.previewTitle', { from: from.name, into: into.name }),
      body: html`<p><a href="/app/staff/clients/${id}/merge">${t('clients.merge.pickAnother')}</a></p>
        <h1>${t('clients.merge.previewTitle', { from: from.name, into: into.name })}</h1>
        ${alertBox(error ?? refusal)}
        <p>${t('clients.merge.summary', { from: from.name, into: into.name })}</p>
        <section aria-labelledby="merge-contacts">
          <h2 id="merge-contacts">${t('clients.merge.contacts', { count: fromContacts.length })}</h2>
          ${
            fromContacts.length
              ? html`<ul>
                  ${fromContacts.map((c) => html`<li>${c.name}${c.email ? html` · ${c.email}` : ''} ${primaryFate(page, c, intoHasPrimary)}</li>`)}
                </ul>`
              : emptyState(t('clients.merge.noContacts'))
          }
        </section>
        <section aria-labelledby="merge-timeline">
          <h2 id="merge-timeline">${t('clients.timeline')}</h2>
          <p>${t('clients.merge.timeline', { count: moving })}</p>
        </section>
        <section aria-labelledby="merge-totals">
          <h2 id="merge-totals">${t('clients.totals')}</h2>
          ${combinedTotals(page, into, from)}
        </section>
        <section aria-labelledby="merge-archive">
          <h2 id="merge-archive">${t('clients.merge.afterwards')}</h2>
          <p>${t('clients.merge.archiveText', { from: from.name, into: into.name })}</p>
        </section>
        ${
          refusal
            ? ''
            : postForm(
                page,
                `/app/staff/clients/${id}/merge`,
                html`<input type="hidden" name="from_id" value="${fromId}" />
                  <button type="submit">${t('clients.merge.confirm', { from: from.name, into: into.name })}</button>
                  <a class="button secondary" href="/app/staff/clients/${id}">${t('clients.cancel')}</a>`
              )
        }`
    },
    status
  );
}

function primaryFate(page: PageContext, c: Contact, intoHasPrimary: boolean): Html | string {
  if (!c.is_primary) return '';
  return html`<em
    >(${intoHasPrimary ? page.t('clients.merge.primaryDropped') : page.t('clients.merge.primaryKept')})</em
  >`;
}

/** Totals per currency before and after: the merged client's are added to this one's (SPEC §3.5). */
function combinedTotals(page: PageContext, into: Client, from: Client): Html {
  const { t, fmt } = page;
  const currencies = [...new Set([...into.totals, ...from.totals].map((x) => x.currency))].sort();
  if (currencies.length === 0) return emptyState(t('clients.noTotals'));
  // Decimal strings with two places at most (SPEC §1): summed in cents, exactly.
  const cents = (s: string | undefined) => {
    const [whole = '0', frac = ''] = (s ?? '0').split('.');
    const sign = whole.startsWith('-') ? -1n : 1n;
    return BigInt(whole) * 100n + sign * BigInt((frac + '00').slice(0, 2));
  };
  const asText = (c: bigint) => {
    const neg = c < 0n;
    const abs = neg ? -c : c;
    return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  };
  const row = (currency: string) => {
    const a = into.totals.find((x) => x.currency === currency);
    const b = from.totals.find((x) => x.currency === currency);
    const paid = asText(cents(a?.paid) + cents(b?.paid));
    const refunded = asText(cents(a?.refunded) + cents(b?.refunded));
    return html`<tr>
      <th scope="row">${currency}</th>
      <td>${fmt.money(a?.paid ?? '0', currency)}</td>
      <td>${fmt.money(b?.paid ?? '0', currency)}</td>
      <td>${fmt.money(paid, currency)}</td>
      <td>${fmt.money(refunded, currency)}</td>
    </tr>`;
  };
  return html`<table>
    <thead>
      <tr>
        <th scope="col">${t('clients.currency')}</th>
        <th scope="col">${t('clients.merge.paidHere', { name: into.name })}</th>
        <th scope="col">${t('clients.merge.paidThere', { name: from.name })}</th>
        <th scope="col">${t('clients.merge.paidAfter')}</th>
        <th scope="col">${t('clients.merge.refundedAfter')}</th>
      </tr>
    </thead>
    <tbody>
      ${currencies.map(row)}
    </tbody>
  </table>`;
}
