import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleContext } from '../../console-context.ts';
import { apiMessage, text } from '../../http/api-message.ts';
import type { PageRoutes } from '../../http/console-app.ts';
import { requireRole, type PageContext } from '../../http/page-context.ts';
import { sendFragment, sendPage, seeOther, wantsFragment } from '../../http/render.ts';
import { alertBox, emptyState, field, pager, postForm } from '../../views/components.ts';
import { html, type Html } from '../../views/html.ts';
import {
  filterForm,
  hrefOf,
  idOf,
  must,
  noticeOf,
  queryOf,
  searchText,
  selectField,
  utcFromInput
} from '../admin/kit.ts';
import { resourceInput } from './resource-edit.ts';
import { resourceMessages, showResource, typesOf } from './resource-page.ts';

type Params = { id: string };
const PAGE_SIZE = 25;

/**
 * Resources (SPEC §3.4, §3.9): the list, each resource's availability timeline per day and week, edit, allocate,
 * block.
 */
export const resourcesRoutes: PageRoutes = (app, ctx) => {
  app.get('/staff/resources', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    return listPage(ctx, request, reply, {});
  });

  app.post('/staff/resources', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const b = request.body;
    const quantity = Number(text(b, 'quantity') || '1');
    const { data, error, response } = await request.page.api.POST('/resources', {
      body: {
        name: text(b, 'name'),
        type_id: Number(text(b, 'type_id')),
        quantity,
        location: text(b, 'location') || null
      }
    });
    if (!data)
      return listPage(
        ctx,
        request,
        reply,
        { error: apiMessage(request.page, error), body: b as Record<string, unknown> },
        response.status
      );
    return seeOther(reply, `/app/staff/resources/${data.id}?m=created`);
  });

  app.get<{ Params: Params }>('/staff/resources/:id', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    return showResource(ctx, request, reply, idOf(request.params.id), {});
  });

  app.post<{ Params: Params }>('/staff/resources/:id', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const b = request.body;
    const { error, response } = await request.page.api.PUT('/resources/{id}', {
      params: { path: { id } },
      body: resourceInput(b)
    });
    if (!response.ok)
      return showResource(
        ctx,
        request,
        reply,
        id,
        { edit: { error: apiMessage(request.page, error), body: b as Record<string, unknown> } },
        response.status
      );
    // Back to the day or week the form was on.
    const q = queryOf(request);
    const at = `view=${q.view === 'week' ? 'week' : 'day'}${/^\d{4}-\d{2}-\d{2}$/.test(q.date ?? '') ? `&date=${q.date}` : ''}`;
    return seeOther(reply, `/app/staff/resources/${id}?${at}&m=updated`);
  });

  app.post<{ Params: Params }>('/staff/resources/:id/allocate', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const b = request.body;
    const start = utcFromInput(text(b, 'start_time'));
    const end = utcFromInput(text(b, 'end_time'));
    const eventId = Number(text(b, 'event_id'));
    if (!start || !end || !Number.isInteger(eventId) || eventId < 1)
      return showResource(
        ctx,
        request,
        reply,
        id,
        { allocateError: request.page.t('resources.fillAll'), body: b },
        400
      );
    const { error, response } = await request.page.api.POST('/resources/{id}/allocate', {
      params: { path: { id } },
      body: { event_id: eventId, start_time: start, end_time: end, quantity: Number(text(b, 'quantity') || '1') }
    });
    if (!response.ok)
      return showResource(
        ctx,
        request,
        reply,
        id,
        { allocateError: apiMessage(request.page, error), body: b },
        response.status
      );
    return seeOther(reply, `/app/staff/resources/${id}?view=day&date=${start.slice(0, 10)}&m=allocated`);
  });

  app.post<{ Params: Params }>('/staff/resources/:id/blocks', async (request, reply) => {
    requireRole(request, 'manager', 'admin');
    const id = idOf(request.params.id);
    const b = request.body;
    const start = utcFromInput(text(b, 'start_time'));
    const end = utcFromInput(text(b, 'end_time'));
    if (!start || !end)
      return showResource(ctx, request, reply, id, { blockError: request.page.t('resources.fillAll'), body: b }, 400);
    const { error, response } = await request.page.api.POST('/resources/{id}/blocks', {
      params: { path: { id } },
      body: {
        start_time: start,
        end_time: end,
        quantity: Number(text(b, 'quantity') || '1'),
        reason: text(b, 'reason')
      }
    });
    if (!response.ok)
      return showResource(
        ctx,
        request,
        reply,
        id,
        { blockError: apiMessage(request.page, error), body: b },
        response.status
      );
    return seeOther(reply, `/app/staff/resources/${id}?view=day&date=${start.slice(0, 10)}&m=blocked`);
  });

  app.post<{ Params: Params & { aid: string } }>(
    '/staff/resources/:id/allocations/:aid/release',
    async (request, reply) => {
      requireRole(request, 'manager', 'admin');
      const id = idOf(request.params.id);
      const { error, response } = await request.page.api.DELETE('/allocations/{id}', {
        params: { path: { id: idOf(request.params.aid) } }
      });
      const back = text(request.body, 'back_date');
      if (!response.ok)
        return showResource(
          ctx,
          request,
          reply,
          id,
          { releaseError: apiMessage(request.page, error) },
          response.status
        );
      return seeOther(
        reply,
        `/app/staff/resources/${id}?view=${text(request.body, 'back_view') === 'week' ? 'week' : 'day'}${/^\d{4}-\d{2}-\d{2}$/.test(back) ? `&date=${back}` : ''}&m=released`
      );
    }
  );
};

async function listPage(
  ctx: ConsoleContext,
  request: FastifyRequest,
  reply: FastifyReply,
  form: { error?: string; body?: Record<string, unknown> },
  status = 200
) {
  const page = request.page;
  const { t, api } = page;
  const q = queryOf(request);
  const filters = { q: searchText(q.q), type_id: /^\d{1,9}$/.test(q.type_id ?? '') ? q.type_id : undefined };
  const cursor = q.cursor || undefined;
  const [types, data] = await Promise.all([
    typesOf(api),
    api
      .GET('/resources', {
        params: {
          query: {
            limit: PAGE_SIZE,
            ...(filters.q ? { q: filters.q } : {}),
            ...(filters.type_id ? { type_id: Number(filters.type_id) } : {}),
            ...(cursor ? { cursor } : {})
          }
        }
      })
      .then(must)
  ]);
  const typeName = (id: number) => types.find((x) => x.id === id)?.name ?? String(id);
  const list = html`<div id="resource-list">
    ${
      data.data.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">${t('resources.name')}</th>
                <th scope="col">${t('resources.type')}</th>
                <th scope="col">${t('resources.quantity')}</th>
                <th scope="col">${t('resources.location')}</th>
              </tr>
            </thead>
            <tbody>
              ${data.data.map(
                (r) =>
                  html`<tr>
                    <th scope="row"><a href="/app/staff/resources/${r.id}">${r.name}</a></th>
                    <td>${typeName(r.type_id)}</td>
                    <td>${r.quantity}</td>
                    <td>${r.location ?? ''}</td>
                  </tr>`
              )}
            </tbody>
          </table>`
        : emptyState(t('resources.empty'))
    }
    ${pager(page, data.next_cursor, cursor, (c) => hrefOf('/app/staff/resources', filters, c))}
  </div>`;
  if (wantsFragment(request, 'resource-list')) return sendFragment(reply, list);
  const typeOptions = types.map((x) => ({ value: String(x.id), label: x.name }));
  return sendPage(
    ctx,
    request,
    reply,
    {
      title: t('resources.title'),
      body: html`<h1>${t('resources.title')}</h1>
        ${noticeOf(page, q.m, resourceMessages)}
        ${filterForm(
          page,
          '/app/staff/resources',
          'resource-list',
          html`<div>
              <label for="f-q">${t('resources.search')}</label>
              <input id="f-q" name="q" type="search" value="${filters.q}" />
            </div>
            ${selectField({ name: 'type_id', label: t('resources.type'), value: filters.type_id, options: [{ value: '', label: t('resources.anyType') }, ...typeOptions] })}`
        )}
        ${list} ${newResourceForm(page, typeOptions, form)}`
    },
    status
  );
}

function newResourceForm(
  page: PageContext,
  types: { value: string; label: string }[],
  o: { error?: string; body?: Record<string, unknown> }
): Html {
  const { t } = page;
  const v = (name: string) => (typeof o.body?.[name] === 'string' ? (o.body[name] as string) : '');
  return html`<section aria-labelledby="new-resource-title">
    <h2 id="new-resource-title">${t('resources.new')}</h2>
    ${alertBox(o.error)}
    ${postForm(
      page,
      '/app/staff/resources',
      html`${field({ name: 'name', label: t('resources.name'), value: v('name'), required: true })}
        ${selectField({ name: 'type_id', id: 'f-new-type', label: t('resources.type'), value: v('type_id'), options: types })}
        ${field({ name: 'quantity', label: t('resources.quantity'), type: 'number', value: v('quantity') || '1', required: true })}
        ${field({ name: 'location', label: t('resources.location'), value: v('location') })}
        <div><button type="submit">${t('resources.create')}</button></div>`,
      html`class="stack"`
    )}
  </section>`;
}
